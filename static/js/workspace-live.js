// Live workspace: one websocket per tab. Messages are numbered per thread;
// on a gap, after a reconnect, or when the server's heartbeat names a higher
// number than we have, we ask the server for what we missed (one request at a
// time), so a dropped live event never loses a message. The server renders
// every message for this reader; this script only places it. Without
// JavaScript every page still works with plain forms and reloads.

const script = document.currentScript || document.querySelector("script[data-ws-path]");
const wsPath = script?.dataset.wsPath;
const list = document.getElementById("berichten");
const statusEl = document.getElementById("live-status");
const typingEl = document.getElementById("typing");
const form = document.getElementById("reply-form");

const threadId = list ? Number(list.dataset.thread) : null;
const live = list ? list.dataset.live === "1" : false;
let lastSeq = list ? Number(list.dataset.lastSeq) : 0;
// The highest number we know exists in this thread (from frames and heartbeats).
let knownSeq = lastSeq;
let socket = null;
let attempt = 0;
let everConnected = false;
let pending = new Map();
let catchupPending = false;
let catchupTimer = null;
let readTimer = null;
let typingTimer = null;
let lastTypingSent = 0;
let statusTimer = null;
let reconnectTimer = null;
let backOnline = false; // the browser is back on the network: retry soon
// Messages can overtake each other (posted through different servers): one
// that comes early waits here up to GAP_WAIT_MS for those before it, and only
// then do we ask the server.
const early = new Map();
let gapTimer = null;
let heartbeatSeq = 0; // the number the previous heartbeat named
const GAP_WAIT_MS = 1500;
const READ_DELAY_MS = 2000;
const CATCHUP_TIMEOUT_MS = 10000;

function setStatus(text, hideAfterMs) {
  if (!statusEl) return;
  // A pending "back" timer must not hide a newer "connection lost".
  clearTimeout(statusTimer);
  statusEl.textContent = text || "";
  statusEl.hidden = !text;
  if (hideAfterMs) statusTimer = setTimeout(() => { statusEl.hidden = true; }, hideAfterMs);
}

function send(frame) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(frame));
    return true;
  }
  return false;
}

// The server renders each message for this reader (sharing/_message.html, with
// this reader's actions); we only place it. The HTML is trusted server output,
// but it is placed only if it is exactly one message item for that number.
function messageElement(m) {
  if (typeof m.html !== "string" || !Number.isInteger(m.seq)) return null;
  const template = document.createElement("template");
  template.innerHTML = m.html.trim();
  const nodes = template.content.children;
  if (nodes.length !== 1) return null;
  const li = nodes[0];
  if (li.tagName !== "LI" || !li.classList.contains("pw-message")) return null;
  if (li.id !== `bericht-${m.seq}` || li.dataset.seq !== String(m.seq)) return null;
  return li;
}

// One catch-up request per thread at a time: gaps seen while one is pending
// are served by the request that follows its answer (ranges merged), and the
// server answers in pages.
function requestCatchup(force) {
  if (!live || !threadId || catchupPending) return;
  if (!force && knownSeq <= lastSeq) return;
  if (send({ type: "catchup", thread: threadId, after: lastSeq })) {
    catchupPending = true;
    clearTimeout(catchupTimer);
    catchupTimer = setTimeout(() => { catchupPending = false; requestCatchup(); }, CATCHUP_TIMEOUT_MS);
  }
}

function catchupDone() {
  catchupPending = false;
  clearTimeout(catchupTimer);
}

function learn(seq) {
  if (Number.isInteger(seq) && seq > knownSeq) knownSeq = seq;
}

function place(m) {
  const li = messageElement(m);
  if (!li) return false;
  list.querySelector("li.pw-muted:only-child")?.remove();
  list.append(li);
  lastSeq = m.seq;
  list.dataset.lastSeq = String(lastSeq);
  return true;
}

function append(m) {
  learn(m.seq);
  if (m.seq <= lastSeq) return; // already shown: no duplicates
  if (m.seq > lastSeq + 1) {
    if (early.size < 500) early.set(m.seq, m);
    return;
  }
  if (!place(m)) return;
  while (early.has(lastSeq + 1)) {
    const next = early.get(lastSeq + 1);
    early.delete(lastSeq + 1);
    if (!place(next)) break;
  }
  for (const seq of early.keys()) if (seq <= lastSeq) early.delete(seq);
  scheduleRead();
}

// A gap (or a heartbeat naming a higher number) that is still there after a
// short wait becomes one catch-up request.
function noticeGap() {
  if (knownSeq <= lastSeq || gapTimer) return;
  gapTimer = setTimeout(() => { gapTimer = null; requestCatchup(); }, GAP_WAIT_MS);
}

function replace(m) {
  const old = document.getElementById(`bericht-${m.seq}`);
  if (!old || old.parentElement !== list) return;
  const li = messageElement(m);
  if (li) old.replaceWith(li);
}

// Read markers: one frame a while after the last new message, and only while
// the tab is visible; the server writes them at most every few seconds.
function scheduleRead() {
  if (readTimer || document.visibilityState !== "visible") return;
  readTimer = setTimeout(() => {
    readTimer = null;
    if (document.visibilityState === "visible") send({ type: "read", thread: threadId, seq: lastSeq });
  }, READ_DELAY_MS);
}

function showFormError(text) {
  if (!form) return;
  form.querySelector(".pw-live-error")?.remove();
  const p = document.createElement("p");
  p.className = "pw-errorlist pw-live-error";
  p.setAttribute("role", "alert");
  p.textContent = text;
  form.prepend(p);
}

function onFrame(frame) {
  switch (frame.type) {
    case "hello":
      break;
    case "message.created":
      updateUnread(frame);
      updateBell(frame.notifications);
      if (live && frame.thread === threadId) {
        learn(frame.last_seq);
        append(frame.message);
        noticeGap();
      }
      break;
    case "message.edited":
    case "message.deleted":
      if (frame.thread === threadId) replace(frame.message);
      break;
    case "catchup":
      if (frame.thread === threadId && live) {
        catchupDone();
        frame.messages.forEach(append);
        learn(frame.last_seq);
        if (frame.more) requestCatchup();
        else noticeGap();
      }
      break;
    case "heartbeat": {
      // The server's last number for each thread we watch: a missed tail shows
      // here even when no newer message comes. A number the previous
      // heartbeat named and that has still not arrived is missing (a slow
      // live frame gets one heartbeat interval before we ask).
      const last = frame.threads?.[String(threadId)];
      if (live && threadId && Number.isInteger(last)) {
        learn(last);
        if (heartbeatSeq > lastSeq) requestCatchup();
        heartbeatSeq = last;
      }
      break;
    }
    case "ack": {
      const textarea = pending.get(frame.client_id);
      pending.delete(frame.client_id);
      if (textarea) textarea.value = "";
      form?.querySelector(".pw-live-error")?.remove();
      break;
    }
    case "error":
      if (frame.thread === threadId && !frame.client_id) catchupDone();
      if (frame.client_id && pending.has(frame.client_id)) {
        pending.delete(frame.client_id);
        // 409: held by the reference guard; the server's form offers the ways on.
        if (frame.code === 409 && form) form.submit();
        else showFormError(frame.message);
      }
      break;
    case "typing":
      if (frame.thread === threadId && typingEl) {
        typingEl.textContent = `${frame.user.name} …`;
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => { typingEl.textContent = ""; }, 4000);
      }
      break;
    case "unread":
      updateUnread(frame);
      break;
    case "notifications":
      updateBell(frame.unread);
      break;
    default:
      break;
  }
}

function updateBell(unread) {
  const bell = document.querySelector("[data-notification-count]");
  if (!bell || typeof unread !== "number") return;
  bell.textContent = unread > 0 ? String(unread) : "";
  bell.className = unread > 0 ? "utrecht-status-badge utrecht-status-badge--warning" : "";
}

function updateUnread(frame) {
  const badge = document.querySelector(`[data-unread-for="${frame.thread}"]`);
  if (!badge || typeof frame.unread !== "number") return;
  badge.textContent = frame.unread > 0 ? String(frame.unread) : "–";
  badge.className = frame.unread > 0 ? "utrecht-status-badge utrecht-status-badge--warning" : "";
}

function connect() {
  reconnectTimer = null;
  if (!wsPath) return;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}${wsPath}`);
  socket.addEventListener("open", () => {
    if (everConnected) setStatus(statusEl?.dataset.textBack, 3000);
    else setStatus("");
    everConnected = true;
    attempt = 0;
    document.documentElement.dataset.live = "connected";
    if (live && threadId) {
      send({ type: "watch", threads: [threadId] });
      catchupDone();
      requestCatchup(true);
    }
  });
  socket.addEventListener("message", (event) => {
    try { onFrame(JSON.parse(event.data)); } catch (err) { console.error(err); }
  });
  socket.addEventListener("close", (event) => {
    document.documentElement.dataset.live = "disconnected";
    // 4401/4404: not signed in or not a member; reconnecting will not help.
    if (event.code === 4401 || event.code === 4404) return;
    catchupDone();
    // 4008: the server dropped this socket because it fell behind; come back
    // at once and catch up by number.
    const behind = event.code === 4008;
    if (everConnected && !behind) setStatus(statusEl?.dataset.textLost);
    const base = behind || backOnline ? 300 : Math.min(30000, 1000 * 2 ** attempt);
    backOnline = false;
    const delay = base * (0.5 + Math.random() / 2);
    attempt += 1;
    reconnectTimer = setTimeout(connect, delay);
  });
}

// Back on the network: try now instead of waiting out the back-off (or, with
// an attempt under way, soon after it fails).
window.addEventListener("online", () => {
  attempt = 0;
  if (reconnectTimer) {
    clearTimeout(reconnectTimer);
    connect();
  } else if (socket && socket.readyState !== WebSocket.OPEN) {
    backOnline = true;
  }
});

if (form && threadId) {
  const textarea = form.querySelector("textarea");
  form.addEventListener("submit", (event) => {
    if (!textarea || !socket || socket.readyState !== WebSocket.OPEN) return; // plain POST
    event.preventDefault();
    const clientId = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    pending.set(clientId, textarea);
    send({ type: "post", thread: threadId, body: textarea.value, client_id: clientId });
  });
  textarea?.addEventListener("input", () => {
    const now = Date.now();
    if (now - lastTypingSent > 3000) {
      lastTypingSent = now;
      send({ type: "typing", thread: threadId });
    }
  });
}

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && live && threadId) scheduleRead();
});

connect();
