/*
 * Answers files in the browser: read them as the command line does, write them as it writes them.
 *
 * DOM-free, like playbook-core.js: a browser script (window.PlaybookAnswers)
 * and a Node module. It mirrors playbook_cli/yamlsource.py (limits, encoding,
 * YAML 1.1 scalars, no tags, no merge keys, no duplicate keys, an alias budget)
 * and playbook_cli/answers.py (load_answers, check_answers, dump_answers), with
 * the same messages at the same line and column, so the page and `playbook`
 * accept and refuse the same files (tests/js/answers.test.js runs both over
 * tests/corpus/). Parsing is js-yaml's (vendored in javascripts/vendor/, MIT):
 * its parser events carry source offsets, from which this builds the values
 * and their positions the way yamlsource.py builds them from PyYAML's nodes.
 *
 * Item ids are keys of Maps, never of plain objects: `constructor`,
 * `toString` and `__proto__` are ids like any other.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./vendor/js-yaml.umd.min.js"), require("./playbook-core.js"));
  } else {
    root.PlaybookAnswers = factory(root.jsyaml, root.PlaybookCore);
  }
})(typeof self !== "undefined" ? self : this, function (jsyaml, core) {
  "use strict";

  var TAG = "tag:yaml.org,2002:";
  var hasOwn = Object.prototype.hasOwnProperty;
  var EV = { DOCUMENT: 1, SEQUENCE: 2, MAPPING: 3, SCALAR: 4, ALIAS: 5, POP: 6 };
  var STYLE = { PLAIN: 1, SINGLE: 2, DOUBLE: 3, LITERAL: 4, FOLDED: 5 };
  var MAX_SHOWN = 10; // problems listed before "and N more"
  var DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
  // Characters YAML does not allow in a file (as yamlsource._NOT_PRINTABLE). With the u flag, a
  // surrogate here is a lone one: a pair is one character, as in Python.
  var NOT_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]/u;

  // -- values as Python sees them ----------------------------------------------------------

  /** A YAML int: Python's ints are unbounded, so it is kept as a BigInt. */
  function PyInt(value) { this.value = value; }
  /** A YAML float (kept apart from ints: Python tells 2 from 2.0). */
  function PyFloat(value) { this.value = value; }
  /** A calendar date, YYYY-MM-DD. */
  function PyDate(text) { this.text = text; }
  /** A mapping: keys in file order, and where each key and value is. */
  function PyMap(pos) { this.entries = new Map(); this.keys = new Map(); this.keyPos = new Map(); this.valuePos = new Map(); this.pos = pos; }
  /** A sequence, and where it is. */
  function PySeq(pos) { this.items = []; this.pos = pos; }

  PyMap.prototype.get = function (key) { var k = mapKey(key); return this.entries.has(k) ? this.entries.get(k) : undefined; };
  PyMap.prototype.has = function (key) { return this.entries.has(mapKey(key)); };
  PyMap.prototype.size = function () { return this.entries.size; };
  /** [[key, value], ...] in file order. */
  PyMap.prototype.pairs = function () {
    var self = this;
    var out = [];
    this.entries.forEach(function (value, k) { out.push([self.keys.get(k), value]); });
    return out;
  };
  /** (line, column) of a key or its value, else of the mapping itself: yamlsource.pos_of. */
  PyMap.prototype.posOf = function (key, value) {
    var table = value ? this.valuePos : this.keyPos;
    var k = mapKey(key);
    return key !== undefined && table.has(k) ? table.get(k) : this.pos;
  };

  /** One Map key per YAML key: equal value and the same type (1, 1.0 and true are three keys). */
  function mapKey(key) {
    if (typeof key === "string") return "s:" + key;
    if (key === null) return "none";
    if (key === true || key === false) return "b:" + key;
    if (key instanceof PyInt) return "i:" + key.value.toString();
    if (key instanceof PyFloat) return "f:" + (key.value !== key.value ? "nan" + Math.random() : String(key.value));
    if (key instanceof PyDate) return "d:" + key.text;
    return "?";
  }

  /** A scalar as YAML writes it, unquoted (yamlsource.plain_text): true, 2.5, .inf, 2026-01-01, null. */
  function plainText(value) {
    if (typeof value === "string") return value;
    if (value === null || value === undefined) return "null";
    if (value === true || value === false) return String(value);
    if (value instanceof PyFloat) {
      if (value.value !== value.value) return ".nan";
      if (value.value === Infinity) return ".inf";
      if (value.value === -Infinity) return "-.inf";
      var text = reprFloat(value.value);
      return /e/.test(text) && !/[.]/.test(text) ? text.replace("e", ".0e") : text;
    }
    if (value instanceof PyInt) return value.value.toString();
    if (value instanceof PyDate) return value.text;
    return String(value);
  }

  // Printable as Python's str.isprintable() has it: no control, format, private, unassigned or separator
  // character but the ASCII space.
  var NOT_PRINTABLE_CHAR = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
  var SHOW_ESCAPES = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

  function printable(ch) { return ch === " " || !NOT_PRINTABLE_CHAR.test(ch); }

  function quoted(text) {
    var chars = Array.from(text);
    if (chars.every(printable)) return "'" + text.replace(/'/g, "''") + "'";
    return '"' + chars.map(function (ch) {
      if (printable(ch) && ch !== '"' && ch !== "\\") return ch;
      if (hasOwn.call(SHOW_ESCAPES, ch)) return SHOW_ESCAPES[ch];
      var code = ch.codePointAt(0);
      return code < 0x100 ? "\\x" + hex(code, 2) : code < 0x10000 ? "\\u" + hex(code, 4) : "\\U" + hex(code, 8);
    }).join("") + '"';
  }

  /** A value for a message, as YAML writes it (yamlsource.show_value): 'text', true, [a, b], {k: v}. */
  function showValue(value, limit) {
    limit = limit || 40;
    if (typeof value === "string") {
      var chars = Array.from(value);
      return quoted(chars.length <= limit ? value : chars.slice(0, Math.max(limit - 5, 1)).join("") + "...");
    }
    if (value instanceof PyMap || value instanceof PySeq) {
      var entries = value instanceof PyMap ? value.pairs() : value.items;
      var parts = [];
      var used = 2;
      for (var i = 0; i < entries.length; i++) {
        var part = value instanceof PyMap
          ? showValue(entries[i][0], limit) + ": " + showValue(entries[i][1], limit) : showValue(entries[i], limit);
        if (parts.length && used + Array.from(part).length > limit) { parts.push("..."); break; }
        parts.push(part);
        used += Array.from(part).length + 2;
      }
      return value instanceof PyMap ? "{" + parts.join(", ") + "}" : "[" + parts.join(", ") + "]";
    }
    return plainText(value);
  }

  /** Python's repr() of a float (2.0, 1e+20): plainText builds on it. */
  function reprFloat(value) {
    if (value !== value) return "nan";
    if (value === Infinity) return "inf";
    if (value === -Infinity) return "-inf";
    if (Object.is(value, -0)) return "-0.0";
    var text = String(value);
    var exponent = Math.floor(Math.log10(Math.abs(value)));
    if (value !== 0 && (exponent < -4 || exponent >= 16)) {
      var parts = value.toExponential().split("e");
      var power = parseInt(parts[1], 10);
      return parts[0] + "e" + (power < 0 ? "-" : "+") + (Math.abs(power) < 10 ? "0" : "") + Math.abs(power);
    }
    if (/e/.test(text)) text = value.toFixed(Math.max(0, -exponent + 16)).replace(/0+$/, "");
    return /[.]/.test(text) ? text.replace(/[.]$/, ".0") : text + ".0";
  }

  function hex(code, width) { return ("0000000" + code.toString(16)).slice(-width); }

  // -- problems ------------------------------------------------------------------------------

  /** One thing wrong with one file, at one place: errors.Problem. */
  function problem(path, line, column, message, hint) {
    // One problem, one line: a key or value quoted from the file may hold a line break.
    return {
      path: path, line: line === undefined ? null : line, column: column === undefined ? null : column,
      message: String(message).replace(/\r/g, "\\r").replace(/\n/g, "\\n"), hint: hint || null
    };
  }

  /** "file:line:col: message", as the command line prints it. */
  function describe(p) {
    var where = p.line === null ? p.path : p.column === null ? p.path + ":" + p.line : p.path + ":" + p.line + ":" + p.column;
    return where + ": " + p.message;
  }

  /** At most MAX_SHOWN lines, then "and N more": a binary file must not flood the page. */
  function shownProblems(problems, limit) {
    limit = limit || MAX_SHOWN;
    var lines = problems.slice(0, limit).map(function (p) { return describe(p) + (p.hint ? " (" + p.hint + ")" : ""); });
    if (problems.length > limit) lines.push("and " + (problems.length - limit) + " more");
    return lines;
  }

  function Refused(problems) { this.problems = problems; }

  // -- bytes to text: yamlsource.read_text ------------------------------------------------------

  /** Offset of the first byte that does not start valid UTF-8 (as Python's decoder finds it), or -1. */
  function invalidUtf8(bytes) {
    var i = 0;
    var n = bytes.length;
    while (i < n) {
      var b = bytes[i];
      if (b < 0x80) { i += 1; continue; }
      var need, min, lo = 0x80, hi = 0xbf;
      if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0; }
      else if (b >= 0xe0 && b <= 0xef) { need = 2; if (b === 0xe0) lo = 0xa0; if (b === 0xed) hi = 0x9f; }
      else if (b >= 0xf0 && b <= 0xf4) { need = 3; if (b === 0xf0) lo = 0x90; if (b === 0xf4) hi = 0x8f; }
      else return i;
      void min;
      for (var k = 1; k <= need; k++) {
        var c = bytes[i + k];
        if (c === undefined) return i;
        if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
      }
      i += need + 1;
    }
    return -1;
  }

  function countNewlines(bytes, end) {
    var lines = 0;
    var last = -1;
    for (var i = 0; i < end; i++) {
      if (bytes[i] === 0x0a) { lines += 1; last = i; }
    }
    return [lines, last];
  }

  /** The file's text, or Refused: over the size limit, not UTF-8 (UTF-16 included), or binary. */
  function readText(bytes, name, rules) {
    var limits = rules.answersFile;
    if (bytes.length > limits.maxBytes) {
      throw new Refused([problem(name, null, null, "file is larger than 1 MiB", "playbook files are small; is this the right file?")]);
    }
    var start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    var data = bytes.subarray(start);
    var bad = invalidUtf8(data);
    if (bad !== -1) {
      var counted = countNewlines(data, bad);
      var hint = "save the file as UTF-8";
      if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) {
        hint = "the file looks like UTF-16; save it as UTF-8";
      }
      throw new Refused([problem(name, counted[0] + 1, bad - (counted[1] + 1) + 1, "not valid UTF-8", hint)]);
    }
    var text = new TextDecoder("utf-8").decode(data);
    var nul = text.indexOf("\u0000");
    if (nul !== -1) {
      throw new Refused([problem(name, text.slice(0, nul).split("\n").length, null, "contains a NUL byte; is this a binary file?")]);
    }
    return text;
  }

  // -- text to values: yamlsource.load_yaml ------------------------------------------------------

  /** Offsets to (line, column), 1-based; columns count characters, as libyaml's marks do. */
  function Positions(text) {
    this.text = text;
    this.starts = [0];
    for (var i = 0; i < text.length; i++) {
      var ch = text.charCodeAt(i);
      if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }
  Positions.prototype.at = function (offset) {
    var low = 0;
    var high = this.starts.length - 1;
    while (low < high) {
      var mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid; else high = mid - 1;
    }
    var column = Array.from(this.text.slice(this.starts[low], offset)).length;
    return [low + 1, column + 1];
  };

  // PyYAML's implicit resolvers (YAML 1.1), in the order it tries them for a first character.
  var RESOLVERS = [
    ["bool", /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/, "yYnNtTfFoO"],
    ["float", /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/, "-+0123456789."],
    ["int", /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/, "-+0123456789"],
    ["merge", /^(?:<<)$/, "<"],
    ["null", /^(?:~|null|Null|NULL|)$/, "~nN"],
    ["timestamp", /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/, "0123456789"],
    ["value", /^(?:=)$/, "="]
  ];

  /** The tag PyYAML gives a plain scalar. */
  function resolvePlain(value) {
    var first = value === "" ? "" : value[0];
    for (var i = 0; i < RESOLVERS.length; i++) {
      var resolver = RESOLVERS[i];
      var applies = first === "" ? resolver[0] === "null" : resolver[2].indexOf(first) !== -1;
      if (applies && resolver[1].test(value)) return TAG + resolver[0];
    }
    return TAG + "str";
  }

  /** Whether YAML reads this text, written plain, back as the same text (answers._key). */
  function plainIsText(text) {
    return resolvePlain(text) === TAG + "str";
  }

  /** The tag written in the source ("!!str", "!local", "!<verbatim>"), as PyYAML names it. */
  function explicitTag(text, event) {
    if (event.tagStart < 0) return null;
    var written = text.slice(event.tagStart, event.tagEnd);
    if (written.slice(0, 2) === "!<") return written.slice(2, -1);
    if (written.slice(0, 2) === "!!") return TAG + decodeURIComponentSafe(written.slice(2));
    return written;
  }

  function decodeURIComponentSafe(text) {
    try { return decodeURIComponent(text); } catch (e) { return text; }
  }

  /** Where a node starts, as PyYAML marks it: its anchor or tag, else its value (a quote, `|`, `{`, `-`). */
  function nodeStart(text, event) {
    var starts = [];
    if (event.anchorStart >= 0) starts.push(event.anchorStart - 1);
    if (event.tagStart >= 0) starts.push(event.tagStart);
    if (event.type === EV.SCALAR && event.valueStart < 0) {
      // An empty value: where its properties are, else (-1) just after the `:` before it, as libyaml marks it.
      return starts.length ? Math.min.apply(null, starts) : -1;
    }
    if (event.type === EV.SCALAR) {
      var at = event.valueStart;
      if (event.style === STYLE.SINGLE || event.style === STYLE.DOUBLE) at -= 1;
      else if (event.style === STYLE.LITERAL || event.style === STYLE.FOLDED) at = blockIndicator(text, event.valueStart);
      starts.push(at);
    } else {
      starts.push(event.start);
    }
    return Math.min.apply(null, starts);
  }

  /** The `|` or `>` that opens a block scalar whose content starts at `offset`. */
  function blockIndicator(text, offset) {
    for (var i = Math.min(offset, text.length) - 1; i >= 0; i--) {
      var ch = text[i];
      if (ch === "|" || ch === ">") {
        var before = text[i - 1];
        if (before === undefined || /[\s:\-?,\[{!&]/.test(before) || /[\w]/.test(text.slice(i - 1, i)) === false) return i;
      }
    }
    return offset;
  }

  /** The composed node graph: events to nodes, anchors resolved (an alias is the anchored node itself). */
  function compose(text, events, name, positions) {
    var anchors = new Map();
    var stack = [];
    var documents = [];
    var current = null;
    var lastEnd = 0; // where the last scalar ended: an empty value sits after the `:` that follows it

    function emptyAt() {
      var colon = text.indexOf(":", lastEnd);
      return colon === -1 ? lastEnd : colon + 1;
    }

    function fail(offset, message) {
      var at = positions.at(offset);
      throw new Refused([problem(name, at[0], at[1], "invalid YAML: " + message)]);
    }

    function add(node, event) {
      if (node.start === -1) node.start = emptyAt();
      if (event && event.anchorStart >= 0) anchors.set(text.slice(event.anchorStart, event.anchorEnd), node);
      if (!stack.length) { current.root = node; return; }
      stack[stack.length - 1].children.push(node);
    }

    events.forEach(function (event) {
      switch (event.type) {
        case EV.DOCUMENT:
          current = { root: null, offset: null };
          documents.push(current);
          return;
        case EV.MAPPING:
        case EV.SEQUENCE: {
          var collection = {
            kind: event.type === EV.MAPPING ? "map" : "seq", tag: explicitTag(text, event),
            start: nodeStart(text, event), children: [], flow: event.style === 2
          };
          if (current.offset === null) current.offset = collection.start;
          if (collection.tag === "!") collection.tag = null;
          add(collection, event);
          stack.push(collection);
          return;
        }
        case EV.SCALAR: {
          var value = jsyaml.getScalarValue(text, event);
          var tag = explicitTag(text, event);
          if (tag === null) tag = event.style === STYLE.PLAIN ? resolvePlain(value) : TAG + "str";
          else if (tag === "!") tag = TAG + "str";
          var scalar = { kind: "scalar", tag: tag, value: value, start: nodeStart(text, event) };
          if (event.valueStart >= 0) lastEnd = event.valueEnd + (event.style === STYLE.SINGLE || event.style === STYLE.DOUBLE ? 1 : 0);
          else if (event.tagStart >= 0 || event.anchorStart >= 0) lastEnd = Math.max(event.tagEnd, event.anchorEnd);
          if (current.offset === null) current.offset = scalar.start;
          add(scalar, event);
          return;
        }
        case EV.ALIAS: {
          var anchor = text.slice(event.anchorStart, event.anchorEnd);
          if (!anchors.has(anchor)) fail(event.anchorStart - 1, "found undefined alias '" + anchor + "'");
          var target = anchors.get(anchor);
          if (stack.indexOf(target) !== -1) fail(event.anchorStart - 1, "found recursive alias '" + anchor + "'");
          add(target, null);
          return;
        }
        case EV.POP:
          if (stack.length) stack.pop();
          return;
        default:
          return;
      }
    });
    if (documents.length > 1) {
      var second = documents[1];
      fail(second.offset === null ? text.length : second.offset, "but found another document");
    }
    return documents.length ? documents[0].root : null;
  }

  /** Values from the node graph, within the limits: yamlsource._Builder. */
  function Builder(name, positions, limits) {
    this.name = name;
    this.positions = positions;
    this.limits = limits;
    this.nodes = 0;
    this.text = 0;
  }

  Builder.prototype.fail = function (node, message, hint) {
    var at = this.positions.at(node.start);
    return new Refused([problem(this.name, at[0], at[1], message, hint)]);
  };

  Builder.prototype.badTag = function (node) {
    var tag = node.tag.indexOf(TAG) === 0 ? "!!" + node.tag.slice(TAG.length) : node.tag; // as it is usually written
    return this.fail(node, "YAML tag " + showValue(tag, 80) + " is not allowed", "remove the '!' tag: plain values only");
  };

  Builder.prototype.build = function (node, depth) {
    this.nodes += 1;
    if (this.nodes > this.limits.maxNodes) {
      throw this.fail(node, "document expands to more than " + this.limits.maxNodes.toLocaleString("en-US") + " values",
        "too many aliases (an 'alias bomb'?) or a file far larger than a checklist");
    }
    if (node.kind === "scalar") {
      // Counted on every expansion of an alias: a long text repeated is as costly as written out.
      this.text += Array.from(node.value).length;
      if (this.limits.maxText && this.text > this.limits.maxText) {
        throw this.fail(node, "document expands to more than " + Math.floor(this.limits.maxText / (1024 * 1024)) + " MiB of text",
          "a long value repeated through aliases (an 'alias bomb'?)");
      }
      return this.scalar(node);
    }
    if (depth > this.limits.maxDepth) throw this.fail(node, "nesting deeper than " + this.limits.maxDepth + " levels");
    if (node.kind === "map") {
      if (node.tag !== null && node.tag !== TAG + "map") throw this.badTag(node);
      return this.mapping(node, depth);
    }
    if (node.tag !== null && node.tag !== TAG + "seq") throw this.badTag(node);
    var out = new PySeq(this.positions.at(node.start));
    for (var i = 0; i < node.children.length; i++) out.items.push(this.build(node.children[i], depth + 1));
    return out;
  };

  Builder.prototype.mapping = function (node, depth) {
    var out = new PyMap(this.positions.at(node.start));
    var pairs = node.children;
    for (var i = 0; i + 1 < pairs.length; i += 2) {
      var keyNode = pairs[i];
      var valueNode = pairs[i + 1];
      if (keyNode.kind === "scalar" && keyNode.tag === TAG + "merge") {
        throw this.fail(keyNode, "YAML merge keys ('<<') are not supported", "write the keys out");
      }
      var key = this.build(keyNode, depth + 1);
      if (key instanceof PyMap || key instanceof PySeq) throw this.fail(keyNode, "a mapping key must be a plain value");
      var k = mapKey(key);
      if (out.entries.has(k)) {
        throw this.fail(keyNode, "duplicate key " + showValue(key) + " (first on line " + out.keyPos.get(k)[0] + ")");
      }
      out.keys.set(k, key);
      out.keyPos.set(k, this.positions.at(keyNode.start));
      out.valuePos.set(k, this.positions.at(valueNode.start));
      out.entries.set(k, this.build(valueNode, depth + 1));
    }
    return out;
  };

  Builder.prototype.scalar = function (node) {
    var tag = node.tag.indexOf(TAG) === 0 ? node.tag.slice(TAG.length) : null;
    var value = node.value;
    if (tag === "str") return value;
    if (tag === "null") return null;
    if (tag === "bool") return ["yes", "true", "on", "y"].indexOf(value.toLowerCase()) !== -1;
    if (tag === "int") {
      var digits = value.replace(/_/g, "");
      var match = /^([-+]?)(0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0+|[1-9][0-9]*)$/.exec(digits);
      if (!match) return value; // YAML 1.1 octal "0755" and sexagesimal forms: kept as text, as int(x, 0) refuses them
      var number = BigInt(match[2].replace(/^0+(?=\d)/, "") || "0");
      return new PyInt(match[1] === "-" ? -number : number);
    }
    if (tag === "float") {
      var text = value.replace(/_/g, "");
      if (!/^\s*[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|inf|infinity|nan)\s*$/i.test(text)) return value;
      var lower = text.trim().toLowerCase().replace(/^\+/, "");
      if (/^-?(inf|infinity)$/.test(lower)) return new PyFloat(lower[0] === "-" ? -Infinity : Infinity);
      if (/^-?nan$/.test(lower)) return new PyFloat(NaN);
      return new PyFloat(Number(text));
    }
    if (tag === "timestamp") {
      if (isoDate(value) !== null) return new PyDate(value);
      if (DATE.test(value)) throw this.fail(node, showValue(value) + " is not a real date", "write the date as YYYY-MM-DD");
      throw this.fail(node, showValue(value) + ": only plain dates (YYYY-MM-DD) are supported", "write the date as 2026-11-23");
    }
    throw this.badTag(node);
  };

  /** The date if `text` is a real YYYY-MM-DD date (yamlsource.parse_date), else null. */
  function isoDate(text) {
    var match = DATE.exec(String(text));
    if (!match) return null;
    var year = +match[1], month = +match[2], day = +match[3];
    if (year < 1) return null;
    var date = new Date(Date.UTC(2000, month - 1, day));
    date.setUTCFullYear(year);
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
    return match[0];
  }

  /** Parse one YAML document into values with positions, as yamlsource.load_yaml does; throws Refused. */
  function loadYaml(text, name, rules) {
    var limits = rules.answersFile;
    var positions = new Positions(text);
    var bad = NOT_PRINTABLE.exec(text);
    if (bad) {
      var at = positions.at(bad.index);
      var code = text.codePointAt(bad.index);
      throw new Refused([problem(name, at[0], at[1],
        "invalid YAML: non-printable character U+" + hex(code, 4).toUpperCase() + " is not allowed",
        "delete it; control characters are often pasted in by accident")]);
    }
    var events;
    try {
      // The parser stops at the first list or mapping deeper than the limit (as yamlsource._too_deep finds it).
      events = jsyaml.parseEvents(text, { filename: name, maxDepth: limits.maxDepth + 1 });
    } catch (e) {
      throw new Refused([syntaxProblem(e, text, name, limits)]);
    }
    var node = compose(text, events, name, positions);
    if (node === null) return null;
    return new Builder(name, positions, limits).build(node, 0);
  }

  function syntaxProblem(error, text, name, limits) {
    var mark = error && error.mark;
    var reason = (error && error.reason) || (error && error.message) || "invalid YAML";
    var line = mark && typeof mark.line === "number" ? mark.line + 1 : null;
    var column = mark && typeof mark.column === "number" ? mark.column + 1 : null;
    if (/maxDepth/.test(reason)) {
      return problem(name, line, column, "nesting deeper than " + limits.maxDepth + " levels");
    }
    var lines = text.split(/\r\n|\r|\n/);
    var badLine = line && line <= lines.length ? lines[line - 1] : "";
    var hint = /tab/i.test(reason) || badLine.indexOf("\t") !== -1 ? "YAML indents with spaces, not tabs" : null;
    return problem(name, line, column, "invalid YAML: " + reason, hint);
  }

  // -- values to an answers file: answers.load_answers -------------------------------------------

  function isText(value) { return typeof value === "string"; }
  function isTextLike(value) { return typeof value === "string" || value instanceof PyInt || value instanceof PyFloat; }

  /** answers.as_date: a YAML date, or text that is one; else null. */
  function asDate(value) {
    if (value instanceof PyDate) return value.text;
    return typeof value === "string" ? isoDate(value) : null;
  }

  var strip = core.strip;

  /**
   * Read an answers file from its bytes, with the checks of playbook_cli/answers.py load_answers.
   * Returns {ok: true, answers} or {ok: false, problems}; answers is
   * {checklist, version, team, respondent, date, updated, answers: Map, notes: Map,
   * actions: Map(id -> {owner, due, status, done, note}), positions: Map(id -> [line, column]) of the answers,
   * path}; dates are YYYY-MM-DD text or null, a note is text or null.
   */
  function readAnswers(bytes, name, rules) {
    try {
      var text = readText(bytes, name, rules);
      var data = loadYaml(text, name, rules);
      return interpret(data, name, rules);
    } catch (e) {
      if (e instanceof Refused) return { ok: false, problems: e.problems };
      throw e;
    }
  }

  /** readAnswers for text already decoded (tests, and text pasted in). */
  function readAnswersText(text, name, rules) {
    return readAnswers(new TextEncoder().encode(text), name, rules);
  }

  function interpret(data, name, rules) {
    var problems = [];
    var keys = rules.answersFile.keys;
    function add(where, message, hint) { problems.push(problem(name, where[0], where[1], message, hint)); }

    if (!(data instanceof PyMap)) {
      add(data instanceof PySeq ? data.pos : [1, 1], "an answers file must be a YAML mapping with 'checklist' and 'answers'");
      return { ok: false, problems: problems };
    }
    data.pairs().forEach(function (pair) {
      var key = pair[0];
      if (typeof key === "string" && keys.indexOf(key) !== -1) return;
      var close = closeMatches(plainText(key), keys);
      add(data.posOf(key), "unknown key " + showValue(key, 80) + " in answers file",
        close.length ? "did you mean '" + close[0] + "'?" : "allowed: " + keys.join(", "));
    });
    var checklist = data.get("checklist");
    if (!isText(checklist) || !checklist) {
      add(data.posOf("checklist", true), "'checklist' must name the checklist id, e.g. kickoff-readiness");
      checklist = "";
    }
    var version = data.get("checklist_version");
    if (version === undefined) version = null;
    if (version !== null && !(version instanceof PyInt)) {
      add(data.posOf("checklist_version", true), "'checklist_version' must be a whole number");
      version = null;
    }
    var header = {};
    ["team", "respondent"].forEach(function (key) {
      var value = data.get(key);
      if (value === undefined) value = null;
      if (value !== null && !isTextLike(value)) {
        add(data.posOf(key, true), "'" + key + "' must be text");
        value = null;
      }
      header[key] = value === null ? null : plainText(value);
    });
    var date = data.get("date");
    if (date === undefined) date = null;
    if (date !== null) {
      if (asDate(date) === null) add(data.posOf("date", true), "'date' must be a date like 2026-11-23 (got " + showValue(date) + ")");
      date = asDate(date);
    }
    var updated = readUpdated(data, date, add);
    // An action cannot be done after the file last changed: its checkpoint, or `updated`.
    var latest = date !== null && (updated === null || date > updated) ? date : updated;

    function table(key, what) {
      var raw = data.get(key);
      if (raw !== undefined && raw !== null && !(raw instanceof PyMap)) {
        add(data.posOf(key, true), "'" + key + "' must map item ids to " + what);
        return new PyMap([1, 1]);
      }
      return raw || new PyMap([1, 1]);
    }

    var answers = new Map();
    var positions = new Map();
    var raw = table("answers", "answers");
    raw.pairs().forEach(function (pair) {
      var itemId = pair[0];
      var value = pair[1];
      if (!isText(itemId)) {
        add(raw.posOf(itemId), "item id " + showValue(itemId, 80) + " must be text", "quote it");
        return;
      }
      if (value === null) return; // written but not answered yet: unanswered
      var word = core.answerWord(rules, value);
      if (word === null) {
        add(raw.posOf(itemId, true), "answer for " + showValue(itemId, 80) + " must be " + core.answerWordsText(rules) +
          " (got " + showValue(value) + ")");
        return;
      }
      answers.set(itemId, word);
      positions.set(itemId, raw.posOf(itemId));
    });

    var notes = new Map();
    raw = table("notes", "text");
    raw.pairs().forEach(function (pair) {
      var itemId = pair[0];
      var value = pair[1];
      if (!isTextLike(value)) {
        add(raw.posOf(itemId, true), "note for " + showValue(itemId, 80) + " must be text");
        return;
      }
      notes.set(plainText(itemId), plainText(value));
    });

    var actions = new Map();
    var actionKeys = rules.answersFile.actionKeys;
    var statuses = rules.answersFile.actionStatuses; // the first is the default
    raw = table("actions", "{owner, due}");
    raw.pairs().forEach(function (pair) {
      var itemId = plainText(pair[0]);
      var value = pair[1];
      var where = raw.posOf(pair[0], true);
      if (isText(value) && strip(value)) {
        actions.set(itemId, { owner: strip(value), due: null, status: statuses[0], done: null, note: null });
        return;
      }
      if (!(value instanceof PyMap)) {
        add(where, "action for " + showValue(pair[0], 80) + " must be {owner: NAME, due: YYYY-MM-DD}");
        return;
      }
      value.pairs().forEach(function (field) {
        if (typeof field[0] !== "string" || actionKeys.indexOf(field[0]) === -1) {
          add(value.posOf(field[0]), "unknown key " + showValue(field[0], 80) + " in action", "allowed: " + actionKeys.join(", "));
        }
      });
      var owner = value.get("owner");
      var due = value.get("due");
      if (due === undefined) due = null;
      if (!isText(owner) || !strip(owner)) {
        add(value.posOf("owner", true), "action for " + showValue(pair[0], 80) + " needs an owner's name");
        return;
      }
      if (due !== null) {
        if (asDate(due) === null) add(value.posOf("due", true), "'due' must be a date like 2026-12-01 (got " + showValue(due) + ")");
        due = asDate(due);
      }
      var closed = closing(value, pair[0]);
      if (closed === null) return;
      actions.set(itemId, { owner: strip(owner), due: due, status: closed.status, done: closed.done, note: closed.note });
    });

    /** {status, done, note} of one action, or null after reporting what is wrong: answers.py's closing. */
    function closing(value, rawId) {
      var status = value.get("status");
      if (status === undefined) status = statuses[0];
      if (!isText(status) || statuses.indexOf(status) === -1) {
        add(value.posOf("status", true), "action status must be " + wordsText(statuses) + " (got " + showValue(status) + ")");
        return null;
      }
      var done = value.get("done");
      if (done === undefined) done = null;
      if (done !== null) {
        var where = value.posOf("done", true);
        if (asDate(done) === null) {
          add(where, "'done' must be a date like 2026-11-10 (got " + showValue(done) + ")");
          return null;
        }
        done = asDate(done);
        if (status !== "done") {
          add(where, "action for " + showValue(rawId, 80) + " has a 'done' date but its status is " + status,
            "set status: done, or remove the 'done' date");
          return null;
        }
        if (latest !== null && done > latest) {
          add(where, "'done' (" + done + ") is later than " + (updated !== null ? "'updated'" : "the file's date") +
            " (" + latest + ")", "closed after the checkpoint? record the day the file changed: 'updated: " + done +
            "' (or later) under 'date'; 'playbook actions FILE --done ITEM' does it for you");
          return null;
        }
      }
      var note = value.get("note");
      if (note === undefined) note = null;
      if (note !== null && !isTextLike(note)) {
        add(value.posOf("note", true), "note of the action for " + showValue(rawId, 80) + " must be text");
        return null;
      }
      return { status: status, done: done, note: note === null ? null : plainText(note) };
    }

    if (problems.length) return { ok: false, problems: problems };
    return {
      ok: true,
      answers: {
        checklist: checklist, version: version === null ? null : Number(version.value), team: header.team,
        respondent: header.respondent, date: date, updated: updated, answers: answers, notes: notes,
        actions: actions, positions: positions, path: name
      }
    };
  }

  /** The header's `updated`, checked as answers.py checks it: a date, after `date`, which it needs. */
  function readUpdated(data, date, add) {
    var raw = data.get("updated");
    if (raw === undefined || raw === null) return null;
    var updated = asDate(raw);
    var where = data.posOf("updated", true);
    if (updated === null) {
      add(where, "'updated' must be a date like 2026-12-01 (got " + showValue(raw) + ")");
    } else if (data.get("date") === undefined || data.get("date") === null) {
      add(where, "'updated' needs a 'date': it is the day the file changed after that checkpoint",
        "add the checkpoint's day, e.g. date: 2026-11-23");
    } else if (date !== null && updated < date) {
      add(where, "'updated' (" + updated + ") is earlier than 'date' (" + date + ")",
        "'updated' is the day the file last changed after its checkpoint");
    }
    return updated;
  }

  /** "open, done or dropped": words as a sentence. */
  function wordsText(words) {
    return words.slice(0, -1).join(", ") + " or " + words[words.length - 1];
  }

  /** Warnings about a file that does not quite fit its checklist: answers.check_answers. */
  function checkAnswers(answers, checklist) {
    var warnings = [];
    if (answers.version !== null && answers.version !== checklist.version) {
      warnings.push(problem(answers.path, null, null,
        "answers are for version " + answers.version + " of '" + checklist.id + "'; the checklist is now version " + checklist.version,
        "questions may have changed meaning; consider answering again"));
    }
    var known = checklist.items.map(function (item) { return item.id; });
    [[answers.answers, "answer"], [answers.notes, "note"], [answers.actions, "action"]].forEach(function (entry) {
      entry[0].forEach(function (_, itemId) {
        if (known.indexOf(itemId) !== -1) return;
        var where = entry[1] === "answer" && answers.positions.has(itemId) ? answers.positions.get(itemId) : [null, null];
        var close = closeMatches(itemId, known);
        warnings.push(problem(answers.path, where[0], where[1],
          entry[1] + " for unknown item " + showValue(itemId, 80) + " in checklist '" + checklist.id + "' is ignored",
          close.length ? "did you mean '" + close[0] + "'?" : null));
      });
    });
    return warnings;
  }

  // -- did you mean: Python's difflib.get_close_matches (n=1, cutoff 0.6) -------------------------

  function matchingCharacters(a, b) {
    // SequenceMatcher's matching blocks (no junk: our words are short), summed.
    var b2j = new Map();
    for (var j = 0; j < b.length; j++) {
      if (!b2j.has(b[j])) b2j.set(b[j], []);
      b2j.get(b[j]).push(j);
    }
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0;
      var j2len = new Map();
      for (var i = alo; i < ahi; i++) {
        var newj2len = new Map();
        var indices = b2j.get(a[i]) || [];
        for (var k = 0; k < indices.length; k++) {
          var jj = indices[k];
          if (jj < blo) continue;
          if (jj >= bhi) break;
          var size = (j2len.get(jj - 1) || 0) + 1;
          newj2len.set(jj, size);
          if (size > bestsize) { besti = i - size + 1; bestj = jj - size + 1; bestsize = size; }
        }
        j2len = newj2len;
      }
      return [besti, bestj, bestsize];
    }
    var total = 0;
    var queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var q = queue.pop();
      var m = longest(q[0], q[1], q[2], q[3]);
      if (m[2]) {
        total += m[2];
        if (q[0] < m[0] && q[2] < m[1]) queue.push([q[0], m[0], q[2], m[1]]);
        if (m[0] + m[2] < q[1] && m[1] + m[2] < q[3]) queue.push([m[0] + m[2], q[1], m[1] + m[2], q[3]]);
      }
    }
    return total;
  }

  function closeMatches(word, possibilities) {
    var best = null;
    var a = Array.from(word);
    possibilities.forEach(function (candidate) {
      var b = Array.from(candidate);
      var length = a.length + b.length;
      var ratio = length ? 2 * matchingCharacters(b, a) / length : 1;
      // heapq.nlargest over (ratio, word): the higher ratio, then the later word in sort order.
      if (ratio >= 0.6 && (best === null || ratio > best[0] || (ratio === best[0] && candidate > best[1]))) {
        best = [ratio, candidate];
      }
    });
    return best ? [best[1]] : [];
  }

  // -- writing: answers.dump_answers ---------------------------------------------------------------

  // JSON leaves these raw, but YAML refuses them or reads them as line breaks: escape them too.
  var YAML_UNSAFE = /[\u007f-\u009f\u2028\u2029\ufffe\uffff]/g;

  /** A double-quoted YAML scalar (JSON strings are valid ones): answers._scalar. */
  function yamlString(text) {
    var safe = String(text).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g,
      function (m, before) { return (before || "") + "\ufffd"; });
    return JSON.stringify(safe).replace(YAML_UNSAFE, function (ch) { return "\\u" + hex(ch.charCodeAt(0), 4); });
  }

  /** A mapping key, plain only where YAML reads it back as the same text: answers._key. */
  function yamlKey(id) {
    return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id) && plainIsText(id) ? id : yamlString(id);
  }

  function today() {
    var d = new Date();
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  // An action's status when the file names none: rules.answersFile.actionStatuses[0] (tests/js/ checks it).
  var OPEN = "open";

  /**
   * The answers file text, as dump_answers writes it: header, then every answer, note and action
   * quoted, in checklist order. state: {answers, notes, actions: Maps, team, respondent, date?, updated?};
   * an action is {owner, due, status?, done?, note?} (dates YYYY-MM-DD, "" or null for none; a note
   * is text, null for none). `date` (else state.date, else today) is the file's date. Actions with no
   * owner and notes of only white space are not written (the CLI would refuse the one and the page
   * drops the other); a done date goes with status done only.
   */
  function dumpAnswers(checklist, state, date) {
    date = date || isoDate(state.date || "") || today();
    var updated = settledUpdated(date, isoDate(state.updated || ""), state.actions);
    var lines = ["checklist: " + yamlKey(checklist.id), "checklist_version: " + checklist.version];
    if (state.team) lines.push("team: " + yamlString(state.team));
    if (state.respondent) lines.push("respondent: " + yamlString(state.respondent));
    lines.push("date: " + date);
    if (updated) lines.push("updated: " + updated);
    var items = checklist.items;
    var answered = items.filter(function (item) { return state.answers.has(item.id); });
    lines.push(answered.length ? "answers:" : "answers: {}");
    answered.forEach(function (item) {
      lines.push("  " + yamlKey(item.id) + ": " + yamlString(state.answers.get(item.id)));
    });
    var noted = items.filter(function (item) {
      var note = state.notes.get(item.id);
      return typeof note === "string" && note.trim() !== "";
    });
    if (noted.length) lines.push("notes:");
    noted.forEach(function (item) { lines.push("  " + yamlKey(item.id) + ": " + yamlString(state.notes.get(item.id))); });
    var owned = items.filter(function (item) { return ownerOf(state.actions.get(item.id)) !== ""; });
    if (owned.length) lines.push("actions:");
    owned.forEach(function (item) {
      lines.push("  " + yamlKey(item.id) + ": " + actionText(state.actions.get(item.id)));
    });
    return lines.join("\n") + "\n";
  }

  /** One action as answers._action writes it: an open one as it always was, the other keys only when set. */
  function actionText(action) {
    var parts = ["owner: " + yamlString(ownerOf(action))];
    var due = isoDate(action.due || "");
    if (due) parts.push("due: " + due);
    var status = statusOf(action);
    if (status !== OPEN) parts.push("status: " + status);
    var done = doneOf(action);
    if (done) parts.push("done: " + done);
    if (typeof action.note === "string") parts.push("note: " + yamlString(action.note));
    return "{" + parts.join(", ") + "}";
  }

  function statusOf(action) {
    return action && typeof action.status === "string" && action.status ? action.status : OPEN;
  }

  /** The done date an action is written with: only a done action has one. */
  function doneOf(action) {
    return statusOf(action) === "done" ? isoDate(action.done || "") : null;
  }

  /**
   * The `updated` a file dated `date` is written with, as actions.record_carried moves it: a done date
   * later than the file allows (its date, or `updated`) becomes its `updated`. An `updated` that is not
   * after the date any more (the date was moved past it) is left out, as the CLI would refuse it.
   */
  function settledUpdated(date, updated, actions) {
    if (updated && updated < date) updated = null;
    (actions || new Map()).forEach(function (action) {
      var done = ownerOf(action) ? doneOf(action) : null;
      if (done && done > (updated && updated > date ? updated : date)) updated = done;
    });
    return updated || null;
  }

  // -- carrying a checkpoint's actions into the next: playbook_cli/actions.py -----------------------

  /**
   * An action of the previous checkpoint as the next one (dated `on`) records it: actions.carry. A
   * closed action (done or dropped) is carried as it is, a done one with its done date. An open one
   * takes the reader's answer, `status`: done (done on `on`), open (with the new `due`, if given) or
   * dropped (with `note`, if given); no answer leaves it open as it was.
   */
  function carryAction(action, on, status, due, note) {
    var copy = {
      owner: action.owner, due: isoDate(action.due || "") || null, status: statusOf(action), done: doneOf(action) || null,
      note: typeof action.note === "string" ? action.note : null
    };
    if (copy.status !== OPEN || !status || status === OPEN) {
      if (copy.status === OPEN && due) copy.due = due;
      return copy;
    }
    if (status === "done") {
      copy.status = "done";
      copy.done = on;
    } else if (status === "dropped") {
      copy.status = "dropped";
    } else {
      throw new Error("unknown action status " + status);
    }
    if (note) copy.note = note;
    return copy;
  }

  /** Team names match after trimming, ignoring case (actions.team_key; casefold, near enough). */
  function teamKey(team) {
    // actions.team_key: trimmed, any case, and an accent typed either way (one code point or two) alike.
    return strip(team || "").toUpperCase().toLowerCase().normalize("NFC");
  }

  /**
   * Why `previous` ({checklist, date, team}) cannot be the checkpoint before `current`, as
   * actions.check_previous decides it: {message, hint}, or null when it can. It must answer the same
   * checklist, be dated, earlier, and of the same team when both name one.
   */
  function previousProblem(previous, current) {
    if (previous.checklist !== current.checklist) {
      return { message: "it answers the checklist '" + previous.checklist + "', not '" + current.checklist + "'",
        hint: "import the previous checkpoint of the same checklist" };
    }
    if (!previous.date) {
      return { message: "it has no 'date'; the previous checkpoint's date is needed to follow its actions",
        hint: "add the day it was answered, e.g. date: 2026-09-01" };
    }
    if (current.date && previous.date >= current.date) {
      return { message: "it is dated " + previous.date + ", not before this checkpoint's date, " + current.date,
        hint: "import the checkpoint before this one" };
    }
    var before = teamKey(previous.team);
    var now = teamKey(current.team);
    if (before && now && before !== now) {
      return { message: "it is a checkpoint of team " + showValue(strip(previous.team)) + "; these answers are for team " +
        showValue(strip(current.team)), hint: "import the previous checkpoint of the same team" };
    }
    return null;
  }

  /** An action's owner as exported: trimmed, as load_answers reads it back. */
  function ownerOf(action) {
    return action && typeof action.owner === "string" ? strip(action.owner) : "";
  }

  return {
    readAnswers: readAnswers, readAnswersText: readAnswersText, checkAnswers: checkAnswers,
    dumpAnswers: dumpAnswers, describe: describe, shownProblems: shownProblems, isoDate: isoDate,
    ownerOf: ownerOf, statusOf: statusOf, settledUpdated: settledUpdated, carryAction: carryAction,
    previousProblem: previousProblem, teamKey: teamKey, today: today, OPEN: OPEN, MAX_SHOWN: MAX_SHOWN
  };
});
