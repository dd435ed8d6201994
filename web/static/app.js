// skillmatch page: three views (demand, learner, provider) on the public /v1
// API. Plain DOM: every piece of data goes in through textContent or
// attributes, never innerHTML, so postings cannot inject markup.
"use strict";
(function () {
  var $ = function (id) { return document.getElementById(id); };

  // el builds an element: el("a", {href: u, class: "x"}, child, "text", ...).
  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (attrs[k] == null || attrs[k] === false) continue;
        if (k === "class") e.className = attrs[k];
        else if (k === "text") e.textContent = attrs[k];
        else e.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
      }
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null || c === false) continue;
      e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  // safeURL keeps only http(s) links: a crawled posting could carry a
  // javascript: URL.
  function safeURL(u) {
    try { var x = new URL(u, location.href); return x.protocol === "http:" || x.protocol === "https:" ? x.href : null; } catch (e) { return null; }
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
  function pct(x, digits) { return (x * 100).toFixed(digits == null ? 0 : digits) + "%"; }
  function money(v, cur) {
    if (v == null) return "price n/a";
    if (v === 0) return "free";
    return (cur === "USD" || !cur ? "$" : cur + " ") + Math.round(v).toLocaleString("en");
  }
  function qs(params) {
    var parts = [];
    for (var k in params) {
      var v = params[k];
      if (v == null || v === "") continue;
      if (Array.isArray(v)) { if (v.length) parts.push(encodeURIComponent(k) + "=" + v.map(encodeURIComponent).join(",")); continue; }
      parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(v));
    }
    return parts.length ? "?" + parts.join("&") : "";
  }

  // api fetches JSON; an error answer {"error", "code"} becomes a thrown Error
  // whose message is the server's.
  function api(path, params, signal) {
    return fetch("/v1" + path + qs(params || {}), { signal: signal, headers: { Accept: "application/json" } }).then(function (r) {
      return r.text().then(function (body) {
        var data = null;
        try { data = body ? JSON.parse(body) : null; } catch (e) { /* not JSON */ }
        if (!r.ok) {
          var msg = data && data.error ? data.error : "the server answered " + r.status + " " + r.statusText;
          var err = new Error(msg); err.status = r.status; err.code = data && data.code; throw err;
        }
        if (data == null) throw new Error("the server's answer was not JSON");
        return data;
      });
    });
  }
  function isAbort(e) { return e && e.name === "AbortError"; }

  // A view's output area: busy state, status line and error box.
  function Area(prefix, out) {
    this.err = $(prefix + "-error"); this.status = $(prefix + "-status"); this.out = out; this.ctl = null;
  }
  Area.prototype.start = function (msg) {
    if (this.ctl) this.ctl.abort();
    this.ctl = new AbortController();
    this.err.hidden = true; clear(this.err);
    this.out.setAttribute("aria-busy", "true");
    this.status.textContent = msg || "Loading…";
    return this.ctl.signal;
  };
  Area.prototype.done = function (msg) { this.out.removeAttribute("aria-busy"); this.status.textContent = msg || ""; };
  Area.prototype.fail = function (e) {
    if (isAbort(e)) return;
    this.say("Could not load: " + (e && e.message ? e.message : String(e)));
  };
  // say shows a message in the error box (a form left incomplete).
  Area.prototype.say = function (msg) {
    this.out.removeAttribute("aria-busy");
    this.status.textContent = "";
    this.err.textContent = msg;
    this.err.hidden = false;
  };

  // ---- Tabs ---------------------------------------------------------------
  var tabs = Array.prototype.slice.call(document.querySelectorAll("[role=tab]"));
  function selectTab(tab, focus) {
    tabs.forEach(function (t) {
      var on = t === tab;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !on;
    });
    if (focus) tab.focus();
    var name = tab.id.replace("tab-", "");
    if (location.hash !== "#" + name) history.replaceState(null, "", "#" + name);
    if (name === "provider") loadProviders();
  }
  tabs.forEach(function (t, i) {
    t.addEventListener("click", function () { selectTab(t, false); });
    t.addEventListener("keydown", function (ev) {
      var j = null;
      if (ev.key === "ArrowRight") j = (i + 1) % tabs.length;
      else if (ev.key === "ArrowLeft") j = (i - 1 + tabs.length) % tabs.length;
      else if (ev.key === "Home") j = 0;
      else if (ev.key === "End") j = tabs.length - 1;
      if (j != null) { ev.preventDefault(); selectTab(tabs[j], true); }
    });
  });

  // ---- Locations seen in postings feed the region suggestions -------------
  var seenLoc = { remote: true };
  function noteLocation(l) {
    if (!l) return;
    [l.country, l.region].forEach(function (v) {
      if (v && !seenLoc[v]) { seenLoc[v] = true; $("locations").appendChild(el("option", { value: v })); }
    });
  }

  // ---- Autocomplete (ARIA 1.2 combobox with a listbox) --------------------
  // source(text, signal) resolves to [{value, label, kind, data}]; onPick(item)
  // is called on Enter or click. With freeText, Enter without a highlighted
  // option keeps what was typed.
  var comboSeq = 0;
  function Combo(input, source, onPick) {
    var list = $(input.getAttribute("aria-controls"));
    var items = [], active = -1, timer = null, ctl = null, self = this, id = "c" + (++comboSeq);
    this.input = input; this.picked = null;
    function close() {
      list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1;
    }
    function highlight(i) {
      var lis = list.children;
      if (active >= 0 && lis[active]) lis[active].setAttribute("aria-selected", "false");
      active = i;
      if (i >= 0 && lis[i]) {
        lis[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", lis[i].id);
        lis[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    function render(found) {
      items = found; clear(list); active = -1;
      if (!found.length) { close(); return; }
      found.forEach(function (it, i) {
        var li = el("li", { role: "option", id: id + "-" + i, "aria-selected": "false" }, el("span", { text: it.label }), it.kind ? el("span", { class: "kind", text: it.kind }) : null);
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(i); });
        list.appendChild(li);
      });
      list.hidden = false; input.setAttribute("aria-expanded", "true");
    }
    function pick(i) {
      var it = items[i]; if (!it) return;
      self.picked = it;
      input.value = it.label;
      close();
      onPick(it, self);
    }
    function lookup() {
      var text = input.value.trim();
      if (ctl) ctl.abort();
      if (text.length < 1) { render([]); return; }
      ctl = new AbortController();
      source(text, ctl.signal).then(function (found) { if (input.value.trim() === text && document.activeElement === input) render(found); }, function (e) { if (!isAbort(e)) render([]); });
    }
    input.addEventListener("input", function () { self.picked = null; clearTimeout(timer); timer = setTimeout(lookup, 120); });
    // An Enter the combobox handled must not also submit the form: browsers
    // submit on the keypress that follows, so that is cancelled too.
    var handledEnter = false;
    input.addEventListener("keypress", function (ev) {
      if (ev.key === "Enter" && handledEnter) ev.preventDefault();
      handledEnter = false;
    });
    input.addEventListener("keydown", function (ev) {
      var open = !list.hidden;
      switch (ev.key) {
        case "ArrowDown":
          ev.preventDefault();
          if (!open) { lookup(); return; }
          highlight(Math.min(active + 1, items.length - 1)); break;
        case "ArrowUp":
          if (!open) return;
          ev.preventDefault(); highlight(Math.max(active - 1, 0)); break;
        case "Enter":
          if (open && active >= 0) { ev.preventDefault(); pick(active); }
          else if (open && self.pickFirstOnEnter && items.length) { ev.preventDefault(); pick(0); }
          else if (self.onEnterText) { if (self.onEnterText(input.value.trim())) ev.preventDefault(); close(); }
          else close();
          break;
        case "Escape":
          if (open) { ev.preventDefault(); close(); } break;
        case "Tab":
          close(); break;
      }
    });
    input.addEventListener("keydown", function (ev) { handledEnter = ev.key === "Enter" && ev.defaultPrevented; });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  // Roles: taxonomy occupations (titles and alternate titles) and the titles
  // of matching postings, deduplicated.
  function roleSource(text, signal) {
    var low = text.toLowerCase();
    var occ = api("/occupations", { q: text, limit: 6 }, signal).then(function (d) { return d.occupations || []; }, function (e) { if (isAbort(e)) throw e; return []; });
    var words = text.split(/\s+/).filter(function (w) { return w.length > 1; });
    // Full-text search matches whole words: when the last word is still
    // being typed and nothing matches, search without it.
    var post = api("/postings", { q: words.join(" "), limit: 60 }, signal).then(function (d) {
      if (d.postings.length || words.length < 2) return d.postings;
      return api("/postings", { q: words.slice(0, -1).join(" "), limit: 60 }, signal).then(function (d2) { return d2.postings; });
    }, function (e) { if (isAbort(e)) throw e; return []; });
    // One list ranked by how a title fits what was typed: the same title,
    // then titles starting with it, containing it, the rest (the server
    // resolves a role by words too); occupations first within a rank, then
    // posting titles by frequency.
    var fit = function (k) { return k === low ? 0 : k.indexOf(low) === 0 ? 1 : k.indexOf(low) >= 0 ? 2 : 3; };
    return Promise.all([occ, post]).then(function (r) {
      var cands = [], seen = {};
      r[0].forEach(function (o) {
        var best = [o.title].concat(o.alt_titles || []).reduce(function (b, t) { return Math.min(b, fit(t.toLowerCase())); }, 3);
        var k = o.title.toLowerCase(); if (seen[k]) return; seen[k] = true;
        cands.push({ value: o.title, label: o.title, kind: "occupation" + (o.code ? " " + o.code : ""), occupation: o.id, rank: best, occ: 0, n: 0 });
      });
      var byTitle = {};
      r[1].forEach(function (p) {
        noteLocation(p.location);
        var k = p.title.toLowerCase();
        if (seen[k]) return;
        if (!byTitle[k]) { byTitle[k] = { value: p.title, label: p.title, rank: fit(k), occ: 1, n: 0 }; cands.push(byTitle[k]); }
        byTitle[k].n++;
      });
      cands.forEach(function (c) { if (c.occ) c.kind = c.n + " posting" + (c.n === 1 ? "" : "s"); });
      cands.sort(function (a, b) { return a.rank - b.rank || a.occ - b.occ || b.n - a.n; });
      return cands.slice(0, 10);
    });
  }
  function skillSource(text, signal) {
    return api("/skills", { q: text, limit: 8 }, signal).then(function (d) {
      return d.skills.map(function (s) { return { value: s.id, label: s.label, kind: s.category || s.type }; });
    });
  }

  // roleParams turns a role input (and its picked suggestion) into API filter
  // parameters: an occupation ID when a taxonomy occupation was picked, else
  // free text.
  function roleParams(combo) {
    var text = combo.input.value.trim();
    if (!text) return {};
    if (combo.picked && combo.picked.occupation && combo.picked.value === text) return { occupation: combo.picked.occupation };
    return { role: text };
  }
  function monthFrom(v) { return v ? v + "-01" : ""; }
  function monthTo(v) {
    if (!v) return "";
    var p = v.split("-"), d = new Date(Date.UTC(+p[0], +p[1], 0));
    return d.toISOString().slice(0, 10);
  }

  // ---- Chips (skills I have, roles) ---------------------------------------
  function Chips(ul) {
    this.ul = ul; this.items = [];
  }
  Chips.prototype.add = function (value, text) {
    if (this.items.some(function (x) { return x.value === value; })) return;
    this.items.push({ value: value, text: text }); this.render();
  };
  Chips.prototype.render = function () {
    var self = this; clear(this.ul);
    this.items.forEach(function (it, i) {
      var b = el("button", { type: "button", "aria-label": "Remove " + it.text, title: "Remove " + it.text }, "×");
      b.addEventListener("click", function () {
        self.items.splice(i, 1); self.render();
        var next = self.ul.querySelectorAll("button")[Math.min(i, self.items.length - 1)];
        (next || self.focusAfter).focus();
      });
      self.ul.appendChild(el("li", null, el("span", { text: it.text }), b));
    });
  };
  Chips.prototype.values = function () { return this.items.map(function (x) { return x.value; }); };

  // ---- Demand -------------------------------------------------------------
  var dRole = new Combo($("d-role"), roleSource, function () {});
  var dArea = new Area("d", $("d-out"));
  var sdArea = new Area("sd", $("skill-detail"));
  var lastDemand = null;

  function demandFilter() {
    var f = roleParams(dRole);
    f.location = $("d-loc").value.trim();
    f.from = monthFrom($("d-from").value);
    f.to = monthTo($("d-to").value);
    return f;
  }
  function describeFilter(f) {
    var parts = [];
    if (f.role) parts.push("“" + f.role + "”");
    if (f.occupation) parts.push("occupation " + (dRole.picked ? dRole.picked.label : f.occupation));
    if (f.location) parts.push("in " + f.location);
    if (f.from || f.to) parts.push((f.from ? f.from.slice(0, 7) : "start") + " to " + (f.to ? f.to.slice(0, 7) : "latest"));
    return parts.length ? parts.join(", ") : "all postings";
  }

  // The demand view's state lives in the address (?role=&occupation=&
  // location=&from=YYYY-MM&to=YYYY-MM&skill=#demand), so a view can be
  // bookmarked, shared and reproduced.
  function saveDemandState(skill) {
    var st = { role: $("d-role").value.trim(), location: $("d-loc").value.trim(), from: $("d-from").value, to: $("d-to").value, skill: skill };
    var rp = roleParams(dRole);
    if (rp.occupation) st.occupation = rp.occupation;
    history.replaceState(null, "", location.pathname + qs(st) + "#demand");
  }
  function loadDemandState() {
    var q = new URLSearchParams(location.search);
    var role = q.get("role") || "", occ = q.get("occupation");
    $("d-role").value = role;
    if (occ) dRole.picked = { value: role, label: role, occupation: occ };
    $("d-loc").value = q.get("location") || "";
    var month = /^\d{4}-\d{2}$/;
    $("d-from").value = month.test(q.get("from") || "") ? q.get("from") : "";
    $("d-to").value = month.test(q.get("to") || "") ? q.get("to") : "";
    return q.get("skill");
  }

  function runDemand(openSkill) {
    var f = demandFilter();
    if (location.hash === "#demand" || !location.hash) saveDemandState(null);
    var signal = dArea.start("Counting skills in postings…");
    $("skill-detail").hidden = true;
    var params = Object.assign({ limit: 15 }, f);
    return api("/demand", params, signal).then(function (d) {
      lastDemand = { filter: f, data: d };
      renderDemand(d, f, params);
      var what = describeFilter(f);
      dArea.done((what === "all postings" ? "All " + d.n + " postings" : d.n + " postings match " + what) + ". Shares are of those " + d.n + " postings; required and preferred are shares of the postings that mention the skill.");
      if (d.versions) $("versions").textContent = "taxonomy " + d.versions.taxonomy + ", extractor " + d.versions.extractor;
      window.__firstData = window.__firstData || performance.now();
      if (openSkill) {
        var row = $("d-table").querySelector('tr[data-skill="' + CSS.escape(openSkill) + '"]');
        if (row) showSkill(openSkill, row.querySelector("button").textContent, row);
      }
    }, function (e) { dArea.fail(e); $("d-figure").hidden = true; $("d-table-wrap").hidden = true; });
  }

  function growthCell(g) {
    if (!g || g.rate == null) return el("td", { class: "num", title: "no posting in the previous period" }, "n/a");
    var r = g.rate, cls = r > 0.005 ? "up" : r < -0.005 ? "down" : "";
    return el("td", { class: "num " + cls, title: "share " + pct(g.previous_share) + " → " + pct(g.current_share) }, (r > 0 ? "+" : "") + pct(r));
  }

  function renderDemand(d, f, params) {
    var fig = $("d-figure"), img = $("d-chart"), tbody = clear($("d-table").tBodies[0]);
    if (!d.skills.length) {
      fig.hidden = true; $("d-table-wrap").hidden = true;
      return;
    }
    // On a phone, fewer bars keep the chart's labels legible.
    var narrow = window.matchMedia && window.matchMedia("(max-width: 700px)").matches;
    var top = d.skills.slice(0, 5).map(function (s) { return s.label + " " + pct(s.share); }).join(", ");
    img.alt = "Bar chart of the top " + Math.min(d.skills.length, narrow ? 6 : 15) + " skills by share of " + d.n + " postings. Highest: " + top + ".";
    img.src = "/v1/charts/demand.svg" + qs(Object.assign({}, params, narrow ? { limit: 6 } : {}));
    $("d-caption").textContent = "Share of the " + d.n + " postings that mention each skill (" + describeFilter(f) + "). Drawn by the server: /v1/charts/demand.svg.";
    fig.hidden = false;
    d.skills.forEach(function (s) {
      var btn = el("button", { type: "button", class: "linkish" }, s.label);
      btn.addEventListener("click", function () { showSkill(s.skill_id, s.label, btn.closest("tr")); });
      var req = s.required / d.n, other = s.share - req;
      var meter = el("div", { class: "meter", title: pct(s.share, 1) + " of postings; " + pct(req, 1) + " as a requirement" },
        el("span", { class: "track" }, fillEl("fill req", req), fillEl("fill other", other)),
        el("span", { class: "val" }, pct(s.share)));
      tbody.appendChild(el("tr", { "data-skill": s.skill_id },
        el("th", { scope: "row" }, btn), el("td", null, meter), el("td", { class: "num hide-narrow" }, String(s.count)),
        el("td", { class: "num" }, pct(s.required_share)), el("td", { class: "num hide-narrow" }, pct(s.preferred_share)), growthCell(s.growth)));
    });
    $("d-table-wrap").hidden = false;
  }
  function fillEl(cls, frac) {
    var e = el("span", { class: cls });
    e.style.width = Math.max(0, Math.min(100, frac * 100)).toFixed(1) + "%";
    return e;
  }

  function showSkill(id, label, row) {
    var box = $("skill-detail");
    Array.prototype.forEach.call($("d-table").querySelectorAll("tr.current"), function (r) { r.classList.remove("current"); });
    if (row) row.classList.add("current");
    box.hidden = false;
    $("sd-title").textContent = label;
    saveDemandState(id);
    var f = lastDemand ? lastDemand.filter : demandFilter();
    var signal = sdArea.start("Loading the trend, co-occurring skills and postings for " + label + "…");
    box.focus();
    var img = $("sd-chart"), co = clear($("sd-co")), ev = clear($("sd-evidence"));
    $("sd-figure").hidden = true;
    var trendNote = "";
    var trendP = api("/trends", Object.assign({ skill: id }, f), signal).then(function (t) {
      var s = t.series[0], pts = s ? s.points.filter(function (p) { return p.n > 0; }) : [];
      var peak = pts.reduce(function (a, p) { return !a || p.share > a.share ? p : a; }, null);
      img.alt = "Line chart of the monthly share of postings mentioning " + label + " (n=" + t.n + ")" +
        (pts.length ? ": from " + pct(pts[0].share) + " in " + pts[0].period + " to " + pct(pts[pts.length - 1].share) + " in " + pts[pts.length - 1].period + ", highest " + pct(peak.share) + " in " + peak.period + "." : ".");
      var flat = pts.length > 1 && pts.every(function (p) { return p.share === pts[0].share; });
      if (flat) {
        // A constant line says nothing a sentence does not; go-chart cannot
        // draw a zero-height range either.
        img.removeAttribute("src");
        trendNote = label + " was in " + pct(pts[0].share) + " of the postings of every month with postings, " + pts[0].period + " to " + pts[pts.length - 1].period + " (" + describeFilter(f) + ", n=" + t.n + ").";
        return;
      }
      img.src = "/v1/charts/trends.svg" + qs(Object.assign({ skill: id }, f));
      $("sd-caption").textContent = "Monthly share of postings mentioning " + label + " (" + describeFilter(f) + "); months without postings are left out, months with few postings swing widely.";
      $("sd-figure").hidden = false;
    });
    var coP = api("/skills/" + encodeURIComponent(id) + "/cooccurring", Object.assign({}, f, { limit: 12 }), signal).then(function (c) {
      if (!c.skills.length) co.appendChild(el("li", null, "No other skill in these postings."));
      c.skills.forEach(function (s) {
        var b = el("button", { type: "button", title: pct(s.confidence) + " of postings with " + label + " also mention " + s.label + "; lift " + s.lift.toFixed(2) },
          s.label + " ", el("span", { class: "n" }, pct(s.confidence)));
        b.addEventListener("click", function () {
          var r = $("d-table").querySelector('tr[data-skill="' + CSS.escape(s.skill_id) + '"]');
          showSkill(s.skill_id, s.label, r);
        });
        co.appendChild(el("li", null, b));
      });
    });
    var pq = { skill: id, location: f.location, from: f.from, to: f.to, limit: 5, occupation: f.occupation, q: f.role };
    var evP = api("/postings", pq, signal).then(function (p) {
      if (!p.postings.length) ev.appendChild(el("li", null, "No posting to quote."));
      p.postings.forEach(function (post) {
        noteLocation(post.location);
        var loc = [post.location.locality, post.location.region, post.location.country].filter(Boolean).join(", ") + (post.location.remote ? " (remote)" : "");
        var li = el("li", null,
          el("div", null, safeURL(post.url) ? el("a", { href: safeURL(post.url), rel: "noopener noreferrer", target: "_blank" }, post.title) : el("strong", { text: post.title })),
          el("div", { class: "meta" }, [post.organization, loc, post.date_posted].filter(Boolean).join(" · ")));
        post.evidence.slice(0, 2).forEach(function (e) {
          li.appendChild(el("blockquote", null, "…" + e.before, el("mark", null, e.match), e.after + "…",
            el("span", { class: "sr-only" }, " (" + e.level + (e.section ? ", " + e.section : "") + ")")));
        });
        ev.appendChild(li);
      });
    });
    return Promise.all([trendP, coP, evP]).then(function () { sdArea.done(trendNote); }, function (e) { sdArea.fail(e); });
  }

  $("demand-form").addEventListener("submit", function (ev) { ev.preventDefault(); runDemand(null); });

  // ---- Learner ------------------------------------------------------------
  var lRole = new Combo($("l-role"), roleSource, function () {});
  var haveChips = new Chips($("l-have-chips"));
  haveChips.focusAfter = $("l-have");
  var lHave = new Combo($("l-have"), skillSource, function (it, c) { haveChips.add(it.value, it.label); c.input.value = ""; });
  // Enter in "skills I have" adds the first suggestion rather than
  // submitting the form; typed before suggestions arrive, it looks them up.
  lHave.pickFirstOnEnter = true;
  lHave.onEnterText = function (text) {
    if (!text) return false;
    skillSource(text).then(function (found) {
      if (found.length && lHave.input.value.trim() === text) { haveChips.add(found[0].value, found[0].label); lHave.input.value = ""; }
    }, function () {});
    return true;
  };
  var lArea = new Area("l", $("l-out"));

  function runLearner() {
    var role = roleParams(lRole);
    if (!role.role && !role.occupation) { lArea.say("Give a target role."); $("l-role").focus(); return; }
    var base = Object.assign({ have: haveChips.values(), mode: $("l-mode").value }, role);
    var budget = $("l-budget").value.trim(), hours = $("l-hours").value.trim();
    var signal = lArea.start("Comparing your skills with the role's postings…");
    var matchP = api("/match", Object.assign({ limit: 8, max_price: budget, max_hours: hours }, base), signal);
    var pathP = api("/pathway", Object.assign({ max_price: budget, max_hours: hours }, base), signal);
    return Promise.all([matchP, pathP]).then(function (r) {
      renderLearner(r[0], r[1], budget, hours);
      lArea.done("Based on " + r[0].n + " postings for “" + (role.role || lRole.input.value) + "”. Your skills cover " + pct(r[0].have_coverage) + " of the role's demand.");
    }, function (e) { lArea.fail(e); $("l-results").hidden = true; });
  }

  function coversList(covers) {
    var ul = el("ul", { class: "covers", "aria-label": "Gap skills it covers" });
    (covers || []).forEach(function (c) { ul.appendChild(el("li", { title: "in " + pct(c.share) + " of postings" }, c.label + " " + pct(c.share))); });
    return ul;
  }
  function facts(c) {
    var f = [c.provider, c.type, money(c.price, c.currency), c.hours ? c.hours + " h" : null, c.mode, c.level,
      c.rating ? "★ " + c.rating.toFixed(1) + (c.review_count ? " (" + c.review_count + ")" : "") : null];
    return el("p", { class: "facts" }, f.filter(Boolean).join(" · "));
  }
  function titleLink(c) { var u = safeURL(c.url); return u ? el("a", { href: u, rel: "noopener noreferrer", target: "_blank" }, c.title) : document.createTextNode(c.title); }

  function renderLearner(m, p, budget, hours) {
    $("l-results").hidden = false;
    var tb = clear($("l-gap").tBodies[0]);
    $("l-gap-note").textContent = m.gap.length ? "Skills the role's " + m.n + " postings ask for that you do not have, ranked by demand weight (a required mention weighs more than a nice-to-have)." : "You have every skill these postings ask for.";
    m.gap.slice(0, 15).forEach(function (g) {
      var meter = el("div", { class: "meter" }, el("span", { class: "track" }, fillEl("fill", g.share)), el("span", { class: "val" }, pct(g.share)));
      tb.appendChild(el("tr", null, el("th", { scope: "row" }, g.label + (g.covered ? " (partly)" : "")), el("td", null, meter), el("td", { class: "num" }, pct(g.required_share))));
    });
    var cards = clear($("l-creds"));
    if (!m.credentials.length) cards.appendChild(el("li", null, "No credential fits these limits; widen the budget, hours or mode."));
    m.credentials.forEach(function (c, i) {
      var why = el("ul", { class: "why" });
      (c.reasons || []).forEach(function (r) { why.appendChild(el("li", null, r)); });
      cards.appendChild(el("li", { class: "card" },
        el("h4", null, el("span", { class: "rank" }, (i + 1) + "."), titleLink(c)), facts(c),
        el("div", null, "Covers " + pct(c.coverage) + " of your gap:"), coversList(c.covers),
        el("details", null, el("summary", null, "Why this rank"), why)));
    });
    var path = clear($("l-path"));
    var limits = [budget ? "a budget of " + money(+budget, "USD") : null, hours ? hours + " hours" : null].filter(Boolean).join(" and ");
    $("l-path-note").textContent = p.steps.length ? p.steps.length + " step" + (p.steps.length === 1 ? "" : "s") + ", " + money(p.total_price, "USD") + " and " + p.total_hours + " hours in all" + (limits ? " (within " + limits + ")" : "") + "; they cover " + pct(p.gap_covered) + " of your gap." : "No pathway fits these limits.";
    p.steps.forEach(function (s) {
      var meter = el("div", { class: "meter", title: "gap covered after this step" }, el("span", { class: "track" }, fillEl("fill", s.gap_covered_after)), el("span", { class: "val" }, pct(s.gap_covered_after)));
      path.appendChild(el("li", null, el("span", { class: "stepno", "aria-hidden": "true" }, String(s.step)),
        el("div", null, el("h4", null, el("span", { class: "sr-only" }, "Step " + s.step + ": "), titleLink(s)), facts(s), coversList(s.covers),
          el("div", { class: "note" }, s.why), el("div", null, "Gap covered after this step: "), meter)));
    });
    $("l-uncovered").textContent = p.uncovered && p.uncovered.length ? "Still uncovered: " + p.uncovered.slice(0, 8).map(function (u) { return u.label; }).join(", ") + (p.uncovered.length > 8 ? " and " + (p.uncovered.length - 8) + " more." : ".") : "";
  }
  $("learner-form").addEventListener("submit", function (ev) { ev.preventDefault(); runLearner(); });

  // ---- Provider -----------------------------------------------------------
  var roleChips = new Chips($("p-role-chips"));
  roleChips.focusAfter = $("p-role");
  var pRole = new Combo($("p-role"), roleSource, function (it, c) { roleChips.add(it.value, it.label); c.input.value = ""; });
  pRole.onEnterText = function (text) { if (!text) return false; roleChips.add(text, text); pRole.input.value = ""; return true; };
  var pArea = new Area("p", $("p-out"));
  var providersLoaded = null;
  function loadProviders() {
    if (providersLoaded) return providersLoaded;
    var sel = $("p-provider");
    providersLoaded = api("/providers").then(function (d) {
      clear(sel).appendChild(el("option", { value: "" }, "choose a provider"));
      d.providers.forEach(function (p) { sel.appendChild(el("option", { value: p.id }, p.name + " (" + p.credentials + " credentials)")); });
    }, function (e) { providersLoaded = null; pArea.fail(e); clear(sel).appendChild(el("option", { value: "" }, "could not load providers")); });
    return providersLoaded;
  }
  function runProvider() {
    var id = $("p-provider").value;
    var roles = roleChips.values();
    var typed = $("p-role").value.trim();
    if (typed && roles.indexOf(typed) < 0) roles.push(typed);
    if (!id) { pArea.say("Choose a provider."); $("p-provider").focus(); return; }
    if (!roles.length) { pArea.say("Give at least one role the provider trains for."); $("p-role").focus(); return; }
    var out = clear($("p-results"));
    var signal = pArea.start("Comparing the catalog with " + roles.length + " role" + (roles.length > 1 ? "s" : "") + "…");
    var loc = $("p-loc").value.trim();
    return Promise.all(roles.map(function (r) {
      return api("/providers/" + encodeURIComponent(id) + "/gaps", { role: r, location: loc, limit: 15 }, signal).then(function (g) { return { role: r, g: g }; }, function (e) { if (isAbort(e)) throw e; return { role: r, err: e }; });
    })).then(function (rs) {
      rs.forEach(function (x) { out.appendChild(renderGaps(x.role, x.g, x.err)); });
      var name = $("p-provider").selectedOptions[0].textContent.replace(/ \(\d+ credentials\)$/, "");
      pArea.done(name + ": " + rs.filter(function (x) { return !x.err; }).length + " of " + rs.length + " role(s) answered.");
    }, function (e) { pArea.fail(e); });
  }
  function renderGaps(role, g, err) {
    var sec = el("section", { class: "provider-role", "aria-label": "Gaps for " + role }, el("h3", null, "For “" + role + "”"));
    if (err) { sec.appendChild(el("div", { class: "error", role: "alert" }, "Could not load: " + err.message)); return sec; }
    sec.appendChild(el("p", { class: "note" }, "The catalog teaches skills behind " + pct(g.coverage) + " of the demand for the top " + g.demanded + " skills in " + g.n + " postings; " + g.gaps.length + " demanded skill" + (g.gaps.length === 1 ? " is" : "s are") + " not taught."));
    var meter = el("div", { class: "meter", title: "coverage of demand" }, el("span", { class: "track" }, fillEl("fill", g.coverage)), el("span", { class: "val" }, pct(g.coverage)));
    sec.appendChild(meter);
    var tb = el("tbody");
    g.gaps.forEach(function (x, i) {
      var alts = el("ul", { class: "alts" });
      (x.alternatives || []).slice(0, 3).forEach(function (a) { alts.appendChild(el("li", null, titleLink(a), " — " + a.provider + ", " + money(a.price, a.currency))); });
      if (!x.alternatives || !x.alternatives.length) alts.appendChild(el("li", null, "no competitor teaches it either"));
      var gr = x.growth && x.growth.rate != null ? (x.growth.rate > 0 ? "+" : "") + pct(x.growth.rate) : "n/a";
      tb.appendChild(el("tr", null, el("td", { class: "num" }, String(i + 1)), el("th", { scope: "row" }, x.label), el("td", { class: "num" }, pct(x.share)), el("td", { class: "num" }, gr), el("td", null, alts)));
    });
    var table = el("table", null, el("caption", null, "Gaps ranked by demand and growth, with competitors' credentials that teach them"),
      el("thead", null, el("tr", null, el("th", { scope: "col", class: "num" }, "#"), el("th", { scope: "col" }, "Skill not taught"), el("th", { scope: "col", class: "num" }, "Share"), el("th", { scope: "col", class: "num" }, "Growth"), el("th", { scope: "col" }, "Who teaches it"))), tb);
    sec.appendChild(el("div", { class: "table-wrap" }, table));
    if (g.covered && g.covered.length) {
      var ul = el("ul", { class: "covers" });
      g.covered.forEach(function (c) { ul.appendChild(el("li", { title: "in " + pct(c.share) + " of postings" }, c.label + (c.partial ? " (partly)" : "") + " " + pct(c.share))); });
      sec.appendChild(el("details", null, el("summary", null, "Demanded skills the catalog already teaches (" + g.covered.length + ")"), ul));
    }
    return sec;
  }
  $("provider-form").addEventListener("submit", function (ev) { ev.preventDefault(); runProvider(); });

  // ---- Start --------------------------------------------------------------
  function tabOfHash() { return $({ demand: "tab-demand", learner: "tab-learner", provider: "tab-provider" }[location.hash.slice(1)] || "tab-demand"); }
  window.addEventListener("hashchange", function () { selectTab(tabOfHash(), false); });
  selectTab(tabOfHash(), false);
  runDemand(loadDemandState());
})();
