/*
 * The small DOM helpers the page scripts share (checklist-form.js, team-view.js, play-filter.js):
 * playbook-pages.js loads this file before them. Text only ever reaches the page through
 * createTextNode or setAttribute here, never as markup, so a question or an imported note that
 * holds "<script>" shows as text.
 */
(function () {
  "use strict";

  /** A new element: attributes from an object (null or undefined ones left out), then its children,
   * each a node or a string (null or undefined ones left out). */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** Empty a list, then one item per entry (render(entry) builds it), or one "none" item saying so. */
  function fillList(list, items, render, emptyText) {
    list.textContent = "";
    if (!items.length) {
      list.appendChild(el("li", { "class": "playbook-result__none" }, [emptyText]));
      return;
    }
    items.forEach(function (entry) { list.appendChild(render(entry)); });
  }

  /** The JSON a page carries in <script type="application/json" id="...">, or null. */
  function readData(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  window.PlaybookDom = { el: el, fillList: fillList, readData: readData };
})();
