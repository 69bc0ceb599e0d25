/**
 * splitQuery for the Japanese search (see japanese_search.py).
 *
 * The index holds the words janome found in the pages, compound nouns
 * included. A query is first cut at spaces and punctuation, as Sphinx does;
 * a piece the index does not know as a whole is then cut, left to right, into
 * the longest words the index knows. Text between known words is kept as a
 * word of its own (so a query for something the site never says finds
 * nothing), except kana-only text, which is a particle or an ending (の, を,
 * する).
 *
 * The index says only which pages hold a word, so every page that mentions
 * 勾配 once scores the same as the lesson about it, and a page that has only
 * one word of a longer query (Sphinx lets two-letter words be missing, and in
 * Japanese most words have two letters) the same as one that has them all.
 * Scorer.score (Sphinx's hook for ranking) adds to a page's score for each
 * further word of the query it holds, when its title names a word of the
 * query, and for each of its section titles that does.
 */
var japaneseQueryWords = [];

var splitQuery = (query) => {
  const pieces = query
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter((piece) => piece);
  const index = typeof Search !== "undefined" ? Search._index : null;
  if (!index) return pieces;
  const known = (word) => {
    const key = word.toLowerCase();
    return Object.hasOwn(index.terms, key) || Object.hasOwn(index.titleterms, key);
  };
  const kanaOnly = /^[\p{Script=Hiragana}ー]+$/u;
  const words = [];
  for (const piece of pieces) {
    if (known(piece) || !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(piece)) {
      words.push(piece);
      continue;
    }
    let unknown = "";
    const keepUnknown = () => {
      if (unknown && !kanaOnly.test(unknown)) words.push(unknown);
      unknown = "";
    };
    let start = 0;
    while (start < piece.length) {
      let end = piece.length;
      while (end > start + 1 && !known(piece.slice(start, end))) end -= 1;
      if (end > start + 1) {
        keepUnknown();
        words.push(piece.slice(start, end));
        start = end;
      } else {
        unknown += piece[start];
        start += 1;
      }
    }
    keepUnknown();
  }
  japaneseQueryWords = words.map((word) => word.toLowerCase());
  return words;
};

const JAPANESE_WORD_BOOST = 10;
const JAPANESE_PAGE_TITLE_BOOST = 10;
const JAPANESE_SECTION_TITLE_BOOST = 2;
const JAPANESE_SECTION_TITLES_COUNTED = 5;

const japaneseSectionTitles = (index) => {
  // {document number: [its section titles]}, built once from the index.
  if (!index._japaneseSectionTitles) {
    const byDocument = new Map();
    for (const [title, places] of Object.entries(index.alltitles)) {
      for (const [file, anchor] of places) {
        if (anchor === null) continue; // the page's own title
        if (!byDocument.has(file)) byDocument.set(file, []);
        byDocument.get(file).push(title.toLowerCase());
      }
    }
    index._japaneseSectionTitles = byDocument;
  }
  return index._japaneseSectionTitles;
};

if (typeof Scorer !== "undefined") {
  Scorer.score = (result) => {
    const [docname, , , , score, , kind] = result;
    const index = Search._index;
    if (kind !== "text" || !index || japaneseQueryWords.length === 0) return score;
    const file = index.docnames.indexOf(docname);
    const names = (title) => japaneseQueryWords.some((word) => title.includes(word));
    const holds = (word) => [index.terms, index.titleterms].some(
      (map) => Object.hasOwn(map, word) && [].concat(map[word]).includes(file),
    );
    const held = japaneseQueryWords.filter(holds).length;
    let boost = Math.max(held - 1, 0) * JAPANESE_WORD_BOOST;
    if (names(index.titles[file].toLowerCase())) boost += JAPANESE_PAGE_TITLE_BOOST;
    const sections = (japaneseSectionTitles(index).get(file) || []).filter(names);
    boost += Math.min(sections.length, JAPANESE_SECTION_TITLES_COUNTED) * JAPANESE_SECTION_TITLE_BOOST;
    return score + boost;
  };
}
