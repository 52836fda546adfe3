/* A search result that lands on a section says which: "Page > Section".
 *
 * Sphinx titles a result found through an index entry with its page's title only; the
 * section's own title is in the index's "alltitles". Added, deferred, to the search page
 * alone by opskb.sphinxext.search_entries: it runs after searchtools.js and before the
 * first query. Without it (or with another searchtools) results keep the page title.
 */
"use strict";
(() => {
  if (typeof Search === "undefined" || typeof Search._performSearch !== "function") return;
  const perform = Search._performSearch;
  let sections = null; // "docname#id" -> section title
  const sectionTitles = (index) => {
    if (sections) return sections;
    sections = new Map();
    for (const [title, found] of Object.entries(index.alltitles || {})) {
      for (const [file, id] of found) {
        if (id) sections.set(`${index.docnames[file]}#${id}`, title);
      }
    }
    return sections;
  };
  Search._performSearch = (...args) => {
    const index = Search._index;
    const named = perform(...args).map((result) => {
      const [docName, title, anchor] = result;
      const pageTitle = index.titles[index.docnames.indexOf(docName)];
      const section = anchor ? sectionTitles(index).get(docName + anchor) : undefined;
      if (!section || title !== pageTitle || section === pageTitle) return result;
      const renamed = result.slice();
      renamed[1] = `${pageTitle} > ${section}`;
      return renamed;
    });
    // The best result is last (Sphinx pops them): keep the best of two now-equal results.
    const seen = new Set();
    return named
      .reverse()
      .filter((result) => {
        const key = `${result[0]}${result[2]}\u0000${result[1]}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .reverse();
  };
})();
