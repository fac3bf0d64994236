// CityOps dispatch console. Pages fill themselves from the server's event stream (/events); there
// is no polling. Every value from an incident reaches the page through textContent or an
// attribute set by the DOM API, never through innerHTML: incident text (a citizen's words, an
// address) is data, not markup.
'use strict';

(function () {
  const body = document.body;
  const page = body.dataset.page;
  const csrf = body.dataset.csrf;
  const SEVERITY_RANK = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };
  const ACTIVE = new Set(['OPEN', 'ACKNOWLEDGED', 'ASSIGNED', 'ON_SITE']);
  const ACTION_LABEL = {
    ACK: 'Acknowledge', ASSIGN: 'Assign', ARRIVE: 'Arrived on site',
    RESOLVE: 'Resolve', CLOSE: 'Close (verified)', REOPEN: 'Reopen',
  };
  const DISTRICTS = {
    '310101': '黄浦', '310104': '徐汇', '310105': '长宁', '310106': '静安', '310107': '普陀',
    '310109': '虹口', '310110': '杨浦', '310112': '闵行', '310113': '宝山', '310114': '嘉定',
    '310115': '浦东新区', '310116': '金山', '310117': '松江', '310118': '青浦', '310120': '奉贤',
    '310151': '崇明',
  };
  let clockOffset = 0; // server clock minus browser clock, from the stream's `now`

  function now() { return Date.now() + clockOffset; }
  function syncClock(ms) { if (typeof ms === 'number') clockOffset = ms - Date.now(); }

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function district(code) {
    return DISTRICTS[code] ? code + ' ' + DISTRICTS[code] : code;
  }

  function fmtTime(ms) {
    if (ms === null || ms === undefined) return '—';
    return new Date(ms).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  }

  // The deadline that matters now: acknowledge by, while OPEN; else resolve by, while active.
  function deadline(i) {
    if (!ACTIVE.has(i.status)) return null;
    if (i.status === 'OPEN' && i.ackBy !== null) return { kind: 'ack', at: i.ackBy };
    if (i.resolveBy !== null) return { kind: 'resolve', at: i.resolveBy };
    return null;
  }

  function fmtLeft(ms) {
    const neg = ms < 0;
    let s = Math.floor(Math.abs(ms) / 1000);
    const d = Math.floor(s / 86400); s -= d * 86400;
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    const pad = (n) => String(n).padStart(2, '0');
    const t = (d > 0 ? d + 'd ' : '') + pad(h) + ':' + pad(m) + ':' + pad(s);
    return neg ? 'overdue ' + t : t;
  }

  // Green with more than half of the window left, yellow down to a fifth, red below or overdue.
  function urgency(i, dl) {
    const left = dl.at - now();
    const window = Math.max(1, dl.at - i.openedAt);
    if (left <= 0 || left < window / 5) return 'red';
    if (left < window / 2) return 'yellow';
    return 'green';
  }

  function paintCountdown(node, i) {
    const dl = deadline(i);
    node.classList.remove('green', 'yellow', 'red');
    if (!dl) { node.textContent = '—'; return; }
    node.textContent = fmtLeft(dl.at - now());
    node.classList.add(urgency(i, dl));
  }

  function stream(url, handlers) {
    const live = document.getElementById('live');
    const es = new EventSource(url);
    es.onopen = () => { live.textContent = 'live'; live.className = 'live on'; };
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) {
        live.textContent = 'signed out';
        live.className = 'live off';
        window.location.assign('/login');
      } else {
        live.textContent = 'reconnecting…';
        live.className = 'live off';
      }
    };
    es.addEventListener('now', (e) => syncClock(JSON.parse(e.data).now));
    es.addEventListener('expired', () => { es.close(); window.location.assign('/login'); });
    for (const [name, fn] of Object.entries(handlers)) {
      es.addEventListener(name, (e) => fn(JSON.parse(e.data)));
    }
    return es;
  }

  // ---- the queue ----
  function queuePage() {
    const items = new Map(); // id -> {incident, allowed}
    const escalations = [];
    const tbody = document.querySelector('#queue tbody');
    const filters = {
      district: document.getElementById('f-district'),
      department: document.getElementById('f-department'),
      category: document.getElementById('f-category'),
      status: document.getElementById('f-status'),
    };

    function put(p) {
      const old = items.get(p.incident.id);
      if (old && old.incident.version >= p.incident.version) return; // stale
      items.set(p.incident.id, p);
    }

    function matches(i) {
      const f = filters;
      if (f.district.value && i.district !== f.district.value) return false;
      if (f.department.value && !i.departments.includes(f.department.value)) return false;
      if (f.category.value && i.category !== f.category.value) return false;
      if (f.status.value === 'active') return ACTIVE.has(i.status);
      if (f.status.value && i.status !== f.status.value) return false;
      return true;
    }

    function order(a, b) {
      const s = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
      if (s !== 0) return s;
      const da = deadline(a), db = deadline(b);
      const la = da ? da.at : Infinity, lb = db ? db.at : Infinity;
      if (la !== lb) return la < lb ? -1 : 1;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    }

    function fillOptions(select, values, label) {
      const keep = select.value;
      const have = new Set(Array.from(select.options).map((o) => o.value));
      const sorted = Array.from(values).sort();
      for (const v of sorted) {
        if (have.has(v)) continue;
        const o = el('option', label ? label(v) : v);
        o.value = v;
        select.appendChild(o);
      }
      select.value = keep;
    }

    function render() {
      const all = Array.from(items.values()).map((p) => p.incident);
      fillOptions(filters.district, new Set(all.map((i) => i.district)), district);
      fillOptions(filters.department, new Set(all.flatMap((i) => i.departments)));
      fillOptions(filters.category, new Set(all.map((i) => i.category)));
      const shown = all.filter(matches).sort(order);
      const rows = document.createDocumentFragment();
      for (const i of shown) {
        const tr = el('tr');
        tr.dataset.id = i.id;
        tr.dataset.status = i.status;
        tr.appendChild(el('td', i.severity, 'badge sev-' + i.severity));
        tr.appendChild(el('td', i.status, 'status'));
        const title = el('td', null, 'title');
        const a = el('a', i.title);
        a.href = '/incident?id=' + encodeURIComponent(i.id);
        title.appendChild(a);
        tr.appendChild(title);
        tr.appendChild(el('td', district(i.district), 'nowrap'));
        tr.appendChild(el('td', i.departments.join(', ')));
        tr.appendChild(el('td', i.category));
        const dl = deadline(i);
        tr.appendChild(el('td', dl ? (dl.kind === 'ack' ? 'ack by ' : 'resolve by ') + fmtTime(dl.at) : '—'));
        const left = el('td', null, 'countdown');
        paintCountdown(left, i);
        tr.appendChild(left);
        rows.appendChild(tr);
      }
      tbody.replaceChildren(rows);
      document.getElementById('count').textContent = shown.length + ' of ' + all.length;
      document.getElementById('empty').hidden = shown.length > 0;
    }

    function tick() {
      for (const tr of tbody.rows) {
        const p = items.get(tr.dataset.id);
        if (p) paintCountdown(tr.querySelector('.countdown'), p.incident);
      }
    }

    function renderEscalations() {
      const box = document.getElementById('escalations');
      const list = document.getElementById('escalation-list');
      const li = escalations.slice(-20).reverse().map((e) => {
        const item = el('li');
        const known = items.get(e.incident);
        const a = el('a', known ? known.incident.title : e.incident);
        a.href = '/incident?id=' + encodeURIComponent(e.incident);
        if (e.severity) item.appendChild(el('span', e.severity, 'badge sev-' + e.severity));
        item.appendChild(el('strong', ' ' + e.kind + ' deadline missed '));
        item.appendChild(el('span', '(' + fmtTime(e.at) + ', ' + district(e.district) + ') '));
        item.appendChild(a);
        return item;
      });
      list.replaceChildren(...li);
      box.hidden = escalations.length === 0;
    }

    for (const s of Object.values(filters)) s.addEventListener('change', render);
    stream('/events', {
      snapshot: (d) => {
        syncClock(d.now);
        items.clear();
        d.incidents.forEach(put);
        escalations.length = 0;
        escalations.push(...d.escalations);
        render();
        renderEscalations();
      },
      incident: (p) => { put(p); render(); },
      removed: (d) => { items.delete(d.id); render(); },
      escalation: (e) => { escalations.push(e); renderEscalations(); },
    });
    setInterval(tick, 1000); // repaints the countdowns; no request
  }

  // ---- one incident ----
  function incidentPage() {
    const id = body.dataset.incident;
    let current = null;

    function fact(dl, name, value) {
      dl.appendChild(el('dt', name));
      dl.appendChild(el('dd', value === null || value === undefined ? '—' : value));
    }

    function render(p) {
      if (!p) {
        document.getElementById('missing').hidden = false;
        document.getElementById('detail').hidden = true;
        return;
      }
      if (current && current.incident.version > p.incident.version) return;
      const result = document.getElementById('action-result');
      if (current && p.incident.version > current.incident.version && result.dataset.state === 'sent') {
        result.textContent = 'Now ' + p.incident.status + ' (version ' + p.incident.version + ').';
        result.dataset.state = 'applied';
      }
      current = p;
      const i = p.incident;
      document.getElementById('missing').hidden = true;
      document.getElementById('detail').hidden = false;
      document.title = i.title + ' · CityOps';
      const sev = document.getElementById('severity');
      sev.textContent = i.severity;
      sev.className = 'badge sev-' + i.severity;
      document.getElementById('title').textContent = i.title;
      document.getElementById('status').textContent = i.status;
      paintDeadline();

      const facts = document.getElementById('facts');
      facts.replaceChildren();
      fact(facts, 'Id', i.id);
      fact(facts, 'Rule', i.rule);
      fact(facts, 'Category', i.category);
      fact(facts, 'Subject', i.subject);
      fact(facts, 'District', district(i.district));
      fact(facts, 'Street', i.street);
      fact(facts, 'Departments', i.departments.join(', '));
      fact(facts, 'Location', i.lat.toFixed(5) + ', ' + i.lon.toFixed(5) + (i.cell ? ' (H3 ' + i.cell + ')' : ''));
      fact(facts, 'Opened', fmtTime(i.openedAt));
      fact(facts, 'Updated', fmtTime(i.updatedAt));
      fact(facts, 'Acknowledge by', fmtTime(i.ackBy));
      fact(facts, 'Resolve by', fmtTime(i.resolveBy));
      fact(facts, 'Occurrences', i.occurrences);
      fact(facts, 'Breaches', i.breaches.length ? i.breaches.map((b) => b.kind + ' at ' + fmtTime(b.at)).join('; ') : 'none');
      if (i.parent) fact(facts, 'Folded into', i.parent);
      fact(facts, 'Version', i.version);

      const ev = document.querySelector('#evidence tbody');
      ev.replaceChildren(...i.evidence.map((e) => {
        const tr = el('tr');
        tr.appendChild(el('td', e.stream));
        tr.appendChild(el('td', e.ref));
        tr.appendChild(el('td', fmtTime(e.ts)));
        return tr;
      }));

      const tl = document.getElementById('timeline');
      tl.replaceChildren(...(p.timeline || []).map((t) => {
        const li = el('li', null, 'tl-' + t.kind);
        li.appendChild(el('time', fmtTime(t.at)));
        li.appendChild(el('span', ' ' + t.text + (t.version ? ' (v' + t.version + ')' : '')));
        return li;
      }));

      const buttons = document.getElementById('buttons');
      buttons.replaceChildren(...p.allowed.map((a) => {
        const b = el('button', ACTION_LABEL[a] || a);
        b.type = 'button';
        b.dataset.action = a;
        b.addEventListener('click', () => act(a));
        return b;
      }));
      const canAct = p.allowed.length > 0;
      document.getElementById('actions').hidden = body.dataset.role === 'viewer';
      document.getElementById('assignee-label').hidden = !p.allowed.includes('ASSIGN');
      document.getElementById('note').parentElement.hidden = !canAct;
    }

    function paintDeadline() {
      if (!current) return;
      const i = current.incident;
      const node = document.getElementById('deadline');
      const dl = deadline(i);
      node.classList.remove('green', 'yellow', 'red');
      if (!dl) { node.textContent = ''; return; }
      node.textContent = (dl.kind === 'ack' ? 'acknowledge within ' : 'resolve within ') + fmtLeft(dl.at - now());
      node.classList.add(urgency(i, dl));
    }

    async function act(action) {
      const result = document.getElementById('action-result');
      const form = new URLSearchParams();
      form.set('id', id);
      form.set('action', action);
      const assignee = document.getElementById('assignee').value.trim();
      const note = document.getElementById('note').value.trim();
      if (action === 'ASSIGN' && !assignee) {
        result.textContent = 'Assign needs an assignee.';
        return;
      }
      if (assignee && action === 'ASSIGN') form.set('assignee', assignee);
      if (note) form.set('note', note);
      result.textContent = 'sending ' + action + '…';
      try {
        const r = await fetch('/api/action', {
          method: 'POST',
          headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
          credentials: 'same-origin',
        });
        const answer = await r.json();
        result.textContent = r.ok
          ? action + ' sent; the monitor applies it and the new state appears here.'
          : 'Not sent: ' + answer.error;
        result.dataset.state = r.ok ? 'sent' : 'refused';
      } catch (e) {
        result.textContent = 'Not sent: ' + e;
        result.dataset.state = 'refused';
      }
    }

    stream('/events?incident=' + encodeURIComponent(id), {
      snapshot: (d) => { syncClock(d.now); render(d.detail || null); },
      incident: (p) => render(p),
      removed: (d) => { if (d.id === id) render(null); },
    });
    setInterval(paintDeadline, 1000);
  }

  if (page === 'queue') queuePage();
  if (page === 'incident') incidentPage();
})();
