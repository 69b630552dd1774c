(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('svcsim-data').textContent);
  var N = D.t.length;
  var SVG = 'http://www.w3.org/2000/svg';
  var PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#8C6D1F', '#000000'];
  var SVC = '#1b2a4a', OK = '#1a9850', FAIL = '#d73027';
  var QUIET = 10; // seconds: a longer stretch without a change is drawn this long
  var WIDTH = 1100, CHAR = 7.3, TOP = 50, SVC_ROW = 28, POD_ROW = 20, AXIS = 34;
  var PACK = 40; // beyond this many pods, pods whose lives do not overlap share a row

  // ---- state at an instant: the starting state plus the changes up to it
  function stateAt(f) {
    var s = {};
    Object.keys(D.base).forEach(function (k) { s[k] = Object.assign({}, D.base[k]); });
    for (var i = 0; i < D.changes.length && D.changes[i][0] <= f; i++) {
      var c = D.changes[i];
      if (!s[c[1]]) { s[c[1]] = {}; }
      if (c[3] === null) { delete s[c[1]][c[2]]; } else { s[c[1]][c[2]] = c[3]; }
    }
    return s;
  }

  // ---- the lines: one row per Service, one per pod incarnation with an IP
  function podState(p) { return p.term ? 'term' : (p.ready ? 'ready' : 'start'); }
  var svcRows = [], podRows = [], groups = {}, groupN = 0;
  (function tracks() {
    var liveSvc = {}, livePod = {};
    function svc(f, key, o) {
      var r = liveSvc[key];
      if (o === null || key === 'default/kubernetes') {
        if (r) { r.end = f; delete liveSvc[key]; }
        return;
      }
      if (!r) {
        r = { key: key, name: o.name, ip: o.ip, ports: o.ports, start: f, end: null };
        liveSvc[key] = r; svcRows.push(r);
      }
    }
    function pod(f, key, o) {
      var r = livePod[key];
      if (r && (o === null || o.ip !== r.ip)) {
        r.end = f; r.spans[r.spans.length - 1].to = f; delete livePod[key]; r = null;
      }
      if (o === null || !o.ip) { return; }
      if (!r) {
        if (!(o.group in groups)) { groups[o.group] = groupN++; }
        r = { key: key, name: o.name, ip: o.ip, node: o.node, colour: PALETTE[groups[o.group] % PALETTE.length], start: f, end: null, spans: [] };
        livePod[key] = r; podRows.push(r);
      }
      var st = podState(o), last = r.spans[r.spans.length - 1];
      if (!last || last.st !== st) {
        if (last) { last.to = f; }
        r.spans.push({ from: f, to: null, st: st });
      }
    }
    function each(kind, fn) { Object.keys(D.base[kind] || {}).sort().forEach(function (k) { fn(0, k, D.base[kind][k]); }); }
    each('svc', svc);
    each('pod', pod);
    D.changes.forEach(function (c) {
      if (c[1] === 'svc') { svc(c[0], c[2], c[3]); } else if (c[1] === 'pod') { pod(c[0], c[2], c[3]); }
    });
    podRows.forEach(function (r) { r.spans.forEach(function (s) { if (s.to === null) { s.to = N - 1; } }); });
  })();
  // The rows of the pods: one each, or in a long story the first row
  // free since before the pod started (pods come in order of start).
  var lanes = [];
  podRows.forEach(function (r) {
    var lane = null;
    if (podRows.length > PACK) {
      for (var i = 0; i < lanes.length && !lane; i++) {
        var last = lanes[i].pods[lanes[i].pods.length - 1];
        if (last.end !== null && last.end < r.start) { lane = lanes[i]; }
      }
    }
    if (!lane) { lane = { pods: [] }; lanes.push(lane); }
    lane.pods.push(r);
    r.lane = lane;
  });

  // ---- the time axis: stretches longer than QUIET are squeezed
  var pos = [0], breaks = [];
  for (var i = 1; i < N; i++) {
    var dt = D.t[i] - D.t[i - 1];
    if (dt > QUIET) { breaks.push(i); }
    pos.push(pos[i - 1] + Math.min(dt, QUIET));
  }
  var total = pos[N - 1];
  var nameW = 'Service'.length, ipW = 2;
  svcRows.forEach(function (r) { nameW = Math.max(nameW, ('svc/' + r.name).length); ipW = Math.max(ipW, r.ip.length); });
  podRows.forEach(function (r) { nameW = Math.max(nameW, r.name.length); ipW = Math.max(ipW, r.ip.length); });
  var X_IP = 10 + nameW * CHAR + 12, X0 = X_IP + ipW * CHAR + 18, X1 = WIDTH - 20;
  function x(f) { return total > 0 ? X0 + (X1 - X0) * pos[f] / total : (X0 + X1) / 2; }
  var rowsTop = TOP, y = TOP;
  svcRows.forEach(function (r) { r.y = y + SVC_ROW / 2; y += SVC_ROW; });
  y += 6;
  lanes.forEach(function (l) { l.y = y + POD_ROW / 2; l.pods.forEach(function (r) { r.y = l.y; }); y += POD_ROW; });
  var bottom = Math.max(y, TOP + 20), HEIGHT = bottom + AXIS;

  function el(name, attrs, parent, text) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function secs(v) { return '+' + (Math.round(v * 1000) / 1000) + 's'; }
  function clock(v) {
    var d = new Date(Date.parse(D.epoch) + Math.round(v * 1000));
    return d.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');
  }

  var svg = el('svg', { viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT, width: WIDTH, height: HEIGHT, role: 'img', 'aria-label': 'Pods and Services over virtual time' });
  el('rect', { x: 0, y: 0, width: WIDTH, height: HEIGHT, fill: '#ffffff' }, svg);
  breaks.forEach(function (i) {
    var b = el('rect', { x: x(i - 1), y: rowsTop, width: Math.max(x(i) - x(i - 1), 1), height: bottom - rowsTop, fill: '#f2f2f2' }, svg);
    el('title', {}, b, (D.t[i] - D.t[i - 1]) + ' s without a change, drawn as ' + QUIET + ' s');
  });
  el('text', { x: 10, y: rowsTop - 8, 'font-weight': 'bold', fill: '#444' }, svg, 'name');
  el('text', { x: X_IP, y: rowsTop - 8, 'font-weight': 'bold', fill: '#444' }, svg, 'IP');
  // Axis ticks at the marked and first and last instants, kept apart.
  var lastTick = -1e9;
  for (var f = 0; f < N; f++) {
    if (x(f) - lastTick < 60 && f !== N - 1) { continue; }
    if (f === N - 1 && x(f) - lastTick < 60 && N > 1) { continue; }
    lastTick = x(f);
    el('line', { x1: x(f), y1: rowsTop, x2: x(f), y2: bottom, stroke: '#e0e0e0', 'stroke-width': 1 }, svg);
    el('text', { x: x(f), y: bottom + 14, 'text-anchor': 'middle', fill: '#444' }, svg, secs(D.t[f]));
  }
  el('line', { x1: X0, y1: bottom, x2: X1, y2: bottom, stroke: '#444', 'stroke-width': 1 }, svg);
  el('text', { x: X1, y: bottom + 28, 'text-anchor': 'end', fill: '#444' }, svg, 'virtual time since ' + clock(0));
  svcRows.forEach(function (r) {
    el('text', { x: 10, y: r.y + 4, fill: SVC, 'font-weight': 'bold', class: 'mono' }, svg, 'svc/' + r.name);
    el('text', { x: X_IP, y: r.y + 4, fill: SVC, 'font-weight': 'bold', class: 'mono' }, svg, r.ip);
    var end = r.end === null ? N - 1 : r.end;
    var l = el('line', { x1: x(r.start), y1: r.y, x2: Math.max(x(end), x(r.start) + 2), y2: r.y, stroke: SVC, 'stroke-width': 8, 'stroke-linecap': 'round' }, svg);
    el('title', {}, l, 'Service ' + r.key + ' ' + r.ip + ' (' + r.ports + '): one stable address');
  });
  lanes.forEach(function (l) {
    l.name = el('text', { x: 10, y: l.y + 4, fill: l.pods[0].colour, class: 'mono' }, svg, l.pods[0].name);
    l.ip = el('text', { x: X_IP, y: l.y + 4, fill: '#333', class: 'mono' }, svg, l.pods[0].ip);
  });
  // A shared row is labelled with its pod at the cursor, or the last
  // before it.
  function labelLanes(f) {
    lanes.forEach(function (l) {
      if (l.pods.length < 2) { return; }
      var p = l.pods[0];
      l.pods.forEach(function (q) { if (q.start <= f) { p = q; } });
      l.name.textContent = p.name;
      l.name.setAttribute('fill', p.colour);
      l.ip.textContent = p.ip;
    });
  }
  podRows.forEach(function (r) {
    r.spans.forEach(function (s) {
      var a = { x1: x(s.from), y1: r.y, x2: Math.max(x(s.to), x(s.from) + 2), y2: r.y, stroke: r.colour };
      if (s.st === 'ready') { a['stroke-width'] = 7; }
      if (s.st === 'start') { a['stroke-width'] = 2; a['stroke-dasharray'] = '4 3'; }
      if (s.st === 'term') { a['stroke-width'] = 7; a['stroke-opacity'] = 0.3; }
      var l = el('line', a, svg);
      el('title', {}, l, 'pod ' + r.key + ' ' + r.ip + ' on ' + r.node + ': ' +
        { ready: 'Ready', start: 'not Ready', term: 'Terminating' }[s.st] + ' ' + secs(D.t[s.from]) + ' to ' + secs(D.t[s.to]));
    });
  });
  function rowAt(rows, pred, f) {
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (pred(r) && r.start <= f && (r.end === null || f <= r.end)) { return r; }
    }
    return null;
  }
  D.conns.forEach(function (c) {
    // [frame, target, service name, pod, ok, error, count, node, endpoint]
    var f = c[0], r = c[3] ? rowAt(podRows, function (p) { return p.key === c[3]; }, f) : null;
    if (!r) { r = rowAt(svcRows, function (s) { return s.name === c[2]; }, f) || svcRows[0]; }
    if (!r) { return; }
    var g = el('g', {}, svg), cx = x(f);
    el('title', {}, g, connText(c));
    if (c[4]) {
      el('circle', { cx: cx, cy: r.y, r: 3.5, fill: '#fff', stroke: OK, 'stroke-width': 2 }, g);
    } else {
      el('path', { d: 'M' + (cx - 4) + ' ' + (r.y - 4) + ' L' + (cx + 4) + ' ' + (r.y + 4) + ' M' + (cx - 4) + ' ' + (r.y + 4) + ' L' + (cx + 4) + ' ' + (r.y - 4), stroke: FAIL, 'stroke-width': 2.5, fill: 'none' }, g);
    }
  });
  // One marker per instant with commands, numbered "n" or "a-b"; a marker
  // too close to the one before goes on the row above.
  var groupsAt = [];
  D.marks.forEach(function (m, i) {
    var last = groupsAt[groupsAt.length - 1];
    if (last && last.f === m[0]) { last.to = i; } else { groupsAt.push({ f: m[0], from: i, to: i }); }
  });
  var prevEnd = -1e9, prevRow = 0;
  groupsAt.forEach(function (gr) {
    var label = gr.from === gr.to ? String(gr.from + 1) : (gr.from + 1) + '\u2013' + (gr.to + 1);
    var w = Math.max(16, label.length * 6.5 + 8), mx = x(gr.f);
    var row = mx - w / 2 < prevEnd + 2 && prevRow === 0 ? 1 : 0;
    var cy = rowsTop - 12 - 16 * row;
    if (row === 0) { prevEnd = mx + w / 2; }
    prevRow = row;
    var g = el('g', {}, svg), tip = [];
    for (var i = gr.from; i <= gr.to; i++) { tip.push((i + 1) + ': ' + D.marks[i][1]); }
    el('title', {}, g, tip.join('\n'));
    el('line', { x1: mx, y1: cy, x2: mx, y2: bottom, stroke: '#888', 'stroke-width': 1, 'stroke-dasharray': '2 3' }, g);
    el('rect', { x: mx - w / 2, y: cy - 7, width: w, height: 14, rx: 7, fill: '#444' }, g);
    el('text', { x: mx, y: cy + 3.5, 'text-anchor': 'middle', 'font-size': 10, 'font-weight': 'bold', fill: '#fff' }, g, label);
  });
  var cursor = el('line', { x1: X0, y1: rowsTop - 4, x2: X0, y2: bottom, stroke: '#d55e00', 'stroke-width': 2 }, svg);
  var hit = el('rect', { x: X0 - 6, y: 0, width: X1 - X0 + 12, height: HEIGHT, fill: 'transparent', style: 'cursor: col-resize' }, svg);

  var tl = document.getElementById('timeline');
  tl.appendChild(svg);
  tl.setAttribute('aria-valuemin', '0');
  tl.setAttribute('aria-valuemax', String(N - 1));

  var list = document.getElementById('commands');
  D.marks.forEach(function (m, i) {
    var li = document.createElement('li'), b = document.createElement('button');
    b.type = 'button';
    b.textContent = m[1];
    b.setAttribute('aria-label', 'Go to command ' + (i + 1) + ', at ' + secs(D.t[m[0]]) + ': ' + m[1]);
    b.addEventListener('click', function () { show(m[0]); });
    li.appendChild(b);
    list.appendChild(li);
  });

  function count(n, what) { return n + ' ' + what + (n === 1 ? '' : 's'); }
  document.getElementById('summary').textContent = count(podRows.length, 'pod') + (lanes.length < podRows.length ? ' on ' + count(lanes.length, 'row') : '') + ', ' + count(svcRows.length, 'Service') + ', ' +
    count(D.marks.length, 'command') + ' over ' + secs(D.t[N - 1] - D.t[0]).slice(1) + ' of virtual time' +
    (D.folded ? '; history before ' + secs(D.t[0]) + ' was folded to keep the page small' : '') + '.';

  // ---- the state panel
  function connText(c) {
    var n = c[6] > 1 ? c[6] + '\u00d7 ' : '';
    if (c[4]) { return n + c[1] + ' \u2192 ' + c[3].split('/').pop() + ' (' + c[8] + ' via ' + c[7] + ')'; }
    return n + c[1] + ': ' + c[5] + (c[3] ? ' (stale backend ' + c[3].split('/').pop() + ')' : '');
  }
  function h(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function table(parent, caption, head, rows) {
    var d = h('div');
    d.appendChild(h('h3', caption));
    if (rows.length === 0) { d.appendChild(h('p', 'none', 'dim')); parent.appendChild(d); return; }
    var t = h('table'), tr = h('tr');
    head.forEach(function (c) { var th = h('th', c); th.scope = 'col'; tr.appendChild(th); });
    t.appendChild(tr);
    rows.forEach(function (row) {
      var r = h('tr');
      row.forEach(function (c) {
        var td = h('td');
        if (typeof c === 'string') { td.textContent = c; } else { td.appendChild(c); }
        r.appendChild(td);
      });
      t.appendChild(r);
    });
    d.appendChild(t);
    parent.appendChild(d);
  }
  function values(m) { return Object.keys(m || {}).sort().map(function (k) { return m[k]; }); }
  function backends(list, ready) {
    var s = h('span');
    if (list.length === 0) { s.appendChild(h('span', 'REJECT (no endpoints)', 'bad')); return s; }
    list.forEach(function (b, i) {
      if (i > 0) { s.appendChild(document.createTextNode(', ')); }
      var ip = b[0].replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
      var stale = ready && !ready[ip];
      var e = h('span', b[0] + ' ' + b[1] + (b[2] ? ' (' + b[2] + ')' : '') + (stale ? ' (not in Endpoints: rules lag)' : ''), stale ? 'stale' : '');
      s.appendChild(e);
    });
    return s;
  }
  var state = document.getElementById('state');
  var cur = -1;
  function show(f) {
    f = Math.max(0, Math.min(N - 1, f));
    cur = f;
    var s = stateAt(f);
    cursor.setAttribute('x1', x(f));
    cursor.setAttribute('x2', x(f));
    labelLanes(f);
    // The commands issued at this instant, else the last one before it.
    var here = [], before = -1;
    D.marks.forEach(function (m, i) { if (m[0] === f) { here.push(i); } else if (m[0] < f) { before = i; } });
    var cmds = here.length ? here : (before >= 0 ? [before] : []);
    var title = 'At ' + secs(D.t[f]) + ' (' + clock(D.t[f]) + ')';
    var sub = (here.length ? 'Commands at this instant: ' : 'Last command: ') +
      (cmds.length ? cmds.map(function (i) { return (i + 1) + ': ' + D.marks[i][1]; }).join('; ') : 'none yet');
    tl.setAttribute('aria-valuenow', String(f));
    tl.setAttribute('aria-valuetext', title + '. ' + sub);
    Array.prototype.forEach.call(list.children, function (li, i) { li.className = cmds.indexOf(i) >= 0 ? 'current' : ''; });
    state.textContent = '';
    state.appendChild(h('h2', title));
    state.appendChild(h('p', sub, 'cmds'));
    table(state, 'Pods', ['NAME', 'READY', 'STATUS', 'IP', 'NODE'], values(s.pod).map(function (p) {
      return [(p.ns === 'default' ? '' : p.ns + '/') + p.name, p.ready ? '1/1' : '0/1', p.term ? 'Terminating' : p.phase, p.ip || '<none>', p.node || '<none>'];
    }));
    table(state, 'Endpoints', ['SERVICE', 'CLUSTER-IP', 'READY ADDRESSES', 'NOT READY'], values(s.ep).map(function (e) {
      var sv = (s.svc || {})[e.ns + '/' + e.name];
      var ready = e.ready.map(function (a) { return a[0] + ' ' + a[1]; }).join(', ');
      return [(e.ns === 'default' ? '' : e.ns + '/') + e.name, sv ? sv.ip + ' ' + sv.ports : '', ready || '<none>',
        (e.notReady || []).map(function (a) { return a[0] + ' ' + a[1]; }).join(', ')];
    }));
    var rows = [];
    values(s.proxy).forEach(function (p) {
      var e = (s.ep || {})[p.ns + '/' + p.name], ready = null;
      if (e) { ready = {}; e.ready.forEach(function (a) { ready[a[0]] = true; }); (e.notReady || []).forEach(function (a) { ready[a[0]] = true; }); }
      p.ports.forEach(function (port) {
        var name = (p.ns === 'default' ? '' : p.ns + '/') + p.name + ' ' + port.port;
        rows.push([name, 'every node', backends(port.backends, ready)]);
        Object.keys(port.local || {}).sort().forEach(function (n) { rows.push([name + ' (Local policy)', n, backends(port.local[n], ready)]); });
      });
    });
    table(state, 'kube-proxy: where each Service port\'s rules send new connections', ['SERVICE PORT', 'NODE', 'BACKENDS'], rows);
    table(state, 'Nodes', ['NAME', 'STATUS', 'IP'], values(s.node).map(function (n) {
      return [n.name, n.ready ? 'Ready' : 'NotReady', n.ip];
    }));
    table(state, 'Connections at this instant', ['OUTCOME'], D.conns.filter(function (c) { return c[0] === f; }).map(function (c) {
      return [h('span', connText(c), c[4] ? 'ok' : 'bad')];
    }));
  }

  function frameAtX(px) {
    var best = 0, bd = Infinity;
    for (var i = 0; i < N; i++) { var d = Math.abs(x(i) - px); if (d < bd) { bd = d; best = i; } }
    return best;
  }
  function fromPointer(ev) {
    var r = svg.getBoundingClientRect();
    show(frameAtX((ev.clientX - r.left) * WIDTH / r.width));
  }
  var dragging = false;
  hit.addEventListener('pointerdown', function (ev) { dragging = true; tl.focus(); fromPointer(ev); });
  hit.addEventListener('pointermove', function (ev) { if (dragging) { fromPointer(ev); } });
  window.addEventListener('pointerup', function () { dragging = false; });
  tl.addEventListener('keydown', function (ev) {
    var to = { ArrowRight: cur + 1, ArrowDown: cur + 1, ArrowLeft: cur - 1, ArrowUp: cur - 1,
      PageDown: cur + 10, PageUp: cur - 10, Home: 0, End: N - 1 }[ev.key];
    if (to === undefined) { return; }
    ev.preventDefault();
    show(to);
  });
  show(0);
})();
