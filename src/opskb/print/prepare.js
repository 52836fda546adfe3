// Runs in the single-page edition before Chromium prints it (opskb.editions.print_pdf):
// page titles become top-level headings (so the PDF outline follows the navigation), then a
// title page and a list of citable sections go in front. Takes the labels the HTML build
// published (its objects.inv); returns the facts the edition note of the page carries (title, version, date,
// url) for the footer of every printed page.
(labels) => {
  const article = document.querySelector("article[role=main]") || document.querySelector("article");
  // Each page of the site sits in a toctree wrapper inside the page that lists it. Move
  // the home page's wrappers after it, in order; then give every page's title the level
  // of its depth in the navigation (top-level pages: h1), so the outline follows it.
  const isPage = el => el.tagName === "SECTION" && el.previousElementSibling !== null
    && (el.previousElementSibling.id || "").startsWith("document-");
  const pageOf = el => { for (let p = el.parentElement; p; p = p.parentElement) if (isPage(p)) return p; return null; };
  const depthOf = el => { let d = 0; for (let p = el.parentElement; p; p = p.parentElement) if (isPage(p)) d++; return d; };
  const wrappers = Array.from(article.querySelectorAll(".toctree-wrapper"))
    .filter(w => w.querySelector(":scope > span[id^='document-']") && pageOf(w) === null);
  for (const wrapper of wrappers) { article.appendChild(wrapper); }
  const shifts = new Map();
  for (const marker of article.querySelectorAll("span[id^='document-']")) {
    const page = marker.nextElementSibling;
    if (!page || !isPage(page)) continue;
    const top = Array.from(page.querySelectorAll("h1, h2, h3, h4, h5, h6")).find(h => pageOf(h) === page);
    if (top) shifts.set(page, Number(top.tagName[1]) - (1 + depthOf(page)));
  }
  for (const heading of Array.from(article.querySelectorAll("h1, h2, h3, h4, h5, h6"))) {
    const page = pageOf(heading);
    const shift = page ? shifts.get(page) || 0 : 0;
    if (shift <= 0) continue;
    const renamed = document.createElement("h" + Math.max(1, Number(heading.tagName[1]) - shift));
    for (const attr of heading.attributes) renamed.setAttribute(attr.name, attr.value);
    renamed.innerHTML = heading.innerHTML;
    heading.replaceWith(renamed);
  }
  // Links sphinx-design cards write in a single page: "#document-x#label" -> "#label".
  for (const link of article.querySelectorAll("a[href*='#document-']")) {
    const parts = link.getAttribute("href").split("#");
    link.setAttribute("href", "#" + parts[parts.length - 1]);
  }
  // The facts come from the build (opskb.sphinxext.edition_links writes them on the edition
  // note); an unreleased version has no date in the changelog, so it gets today's.
  const note = document.querySelector(".opskb-edition-note").dataset;
  const facts = {
    title: note.title,
    version: note.version,
    date: note.date || new Date().toISOString().slice(0, 10),
    url: note.url,
  };
  // Title page and the list of citable sections, each a link to its label.
  const front = document.createElement("section");
  front.className = "opskb-print-front";
  front.setAttribute("aria-label", "Title page");
  const line = (cls, text) => {
    const p = document.createElement("p"); p.className = cls; p.textContent = text; return p;
  };
  front.append(
    line("opskb-print-title", facts.title),
    line("opskb-print-version", "Version " + facts.version),
    line("opskb-print-date", facts.date),
    line("opskb-print-url", facts.url),
    line("opskb-print-note",
      "Offline edition. Every citable section keeps the label it has on the site: " +
      "cite it as " + facts.url + "<page>.html#<label>, or open this file at #<label>."),
  );
  const contents = document.createElement("nav");
  contents.className = "opskb-print-contents";
  contents.setAttribute("aria-label", "Citable sections");
  contents.append(line("opskb-print-contents-title", "Citable sections"));
  const list = document.createElement("ol");
  const found = labels.map(label => document.getElementById(label)).filter(Boolean);
  found.sort((a, b) =>
    a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
  for (const target of found) {
    const heading = target.querySelector("h1, h2, h3, h4, h5, h6");
    // A label on a figure or a block names no heading: its first words stand in.
    const words = (heading || target).textContent.replace("¶", "").trim().split(/\s+/);
    const text = words.slice(0, 12).join(" ") + (words.length > 12 ? " …" : "");
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#" + target.id;
    link.textContent = text + " (#" + target.id + ")";
    item.append(link);
    list.append(item);
  }
  contents.append(list);
  article.prepend(front, contents);
  return facts;
}
