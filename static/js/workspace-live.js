// Live workspace: one websocket per tab. Messages are numbered per thread;
// on a gap or after a reconnect we ask the server for what we missed, so a
// dropped live event never loses a message. Without JavaScript every page
// still works with plain forms and reloads.

const script = document.currentScript || document.querySelector("script[data-ws-path]");
const wsPath = script?.dataset.wsPath;
const list = document.getElementById("berichten");
const statusEl = document.getElementById("live-status");
const typingEl = document.getElementById("typing");
const form = document.getElementById("reply-form");

const threadId = list ? Number(list.dataset.thread) : null;
const live = list ? list.dataset.live === "1" : false;
let lastSeq = list ? Number(list.dataset.lastSeq) : 0;
let socket = null;
let attempt = 0;
let everConnected = false;
let pending = new Map();
let myId = null;
const timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || "nl", {
  day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
  timeZone: "Europe/Amsterdam",
});
let typingTimer = null;
let lastTypingSent = 0;
let statusTimer = null;

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

function messageElement(m) {
  const li = document.createElement("li");
  const mine = m.author.id === myId;
  li.className = mine ? "pw-message" : "pw-message pw-message--new";
  li.id = `bericht-${m.seq}`;
  li.dataset.seq = String(m.seq);
  const meta = document.createElement("p");
  meta.className = "pw-message__meta";
  const who = document.createElement("strong");
  who.textContent = m.author.name;
  const when = document.createElement("span");
  when.className = "pw-muted";
  when.textContent = " " + timeFormat.format(new Date(m.created));
  meta.append(who, when);
  li.append(meta);
  li.append(bodyElement(m));
  const actions = messageActions(m, mine);
  if (actions) li.append(actions);
  return li;
}

function hiddenLabel(m) {
  const span = document.createElement("span");
  span.className = "pw-visually-hidden";
  span.textContent = ` ${list.dataset.textMessage} ${m.seq}`;
  return span;
}

function messageActions(m, mine) {
  // The same actions as on the server-rendered page: edit one's own message;
  // delete one's own, or any as moderator (the server checks again).
  if (m.deleted) return null;
  const mayDelete = mine || list.dataset.moderator === "1";
  if (!mine && !mayDelete) return null;
  const actions = document.createElement("div");
  actions.className = "pw-inline-form";
  if (mine && list.dataset.textEdit) {
    const edit = document.createElement("a");
    edit.className = "utrecht-link";
    edit.href = `${location.pathname}berichten/${m.seq}/bewerken/`;
    edit.append(list.dataset.textEdit, hiddenLabel(m));
    actions.append(edit);
  }
  const token = document.querySelector("input[name=csrfmiddlewaretoken]")?.value;
  if (mayDelete && token && list.dataset.textDelete) {
    const del = document.createElement("form");
    del.method = "post";
    del.action = `${location.pathname}berichten/${m.seq}/verwijderen/`;
    del.className = "pw-inline-form";
    const csrf = document.createElement("input");
    csrf.type = "hidden";
    csrf.name = "csrfmiddlewaretoken";
    csrf.value = token;
    const button = document.createElement("button");
    button.type = "submit";
    button.className = "utrecht-button utrecht-button--subtle";
    button.append(list.dataset.textDelete, hiddenLabel(m));
    del.append(csrf, button);
    actions.append(del);
  }
  return actions.childElementCount ? actions : null;
}

function bodyElement(m) {
  if (m.deleted) {
    const p = document.createElement("p");
    p.className = "pw-muted pw-message__body";
    const em = document.createElement("em");
    em.textContent = list.dataset.textRemoved;
    p.append(em);
    return p;
  }
  const div = document.createElement("div");
  div.className = "pw-message__body utrecht-rich-text";
  // Rendered from Markdown and sanitised with nh3 on the server.
  div.innerHTML = m.html;
  return div;
}

function append(m) {
  if (m.seq <= lastSeq) return; // already shown: no duplicates
  if (m.seq > lastSeq + 1) {
    send({ type: "catchup", thread: threadId, after: lastSeq });
    return;
  }
  list.querySelector("li.pw-muted:only-child")?.remove();
  list.append(messageElement(m));
  lastSeq = m.seq;
  list.dataset.lastSeq = String(lastSeq);
  if (document.visibilityState === "visible") send({ type: "read", thread: threadId, seq: lastSeq });
}

function replace(m) {
  const li = document.getElementById(`bericht-${m.seq}`);
  if (!li) return;
  li.querySelector(".pw-message__body")?.replaceWith(bodyElement(m));
  if (m.deleted) li.querySelector(".pw-inline-form")?.remove();
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
      myId = frame.user;
      break;
    case "message.created":
      updateUnread(frame);
      if (live && frame.thread === threadId) append(frame.message);
      break;
    case "message.edited":
    case "message.deleted":
      if (frame.thread === threadId) replace(frame.message);
      break;
    case "catchup":
      if (frame.thread === threadId && live) {
        frame.messages.forEach(append);
        if (frame.more) send({ type: "catchup", thread: threadId, after: lastSeq });
      }
      break;
    case "ack": {
      const textarea = pending.get(frame.client_id);
      pending.delete(frame.client_id);
      if (textarea) textarea.value = "";
      form?.querySelector(".pw-live-error")?.remove();
      break;
    }
    case "error":
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
    case "notifications": {
      const bell = document.querySelector("[data-notification-count]");
      if (bell) {
        bell.textContent = frame.unread > 0 ? String(frame.unread) : "";
        bell.className = frame.unread > 0 ? "utrecht-status-badge utrecht-status-badge--warning" : "";
      }
      break;
    }
    default:
      break;
  }
}

function updateUnread(frame) {
  const badge = document.querySelector(`[data-unread-for="${frame.thread}"]`);
  if (!badge || typeof frame.unread !== "number") return;
  badge.textContent = frame.unread > 0 ? String(frame.unread) : "–";
  badge.className = frame.unread > 0 ? "utrecht-status-badge utrecht-status-badge--warning" : "";
}

function connect() {
  if (!wsPath) return;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}${wsPath}`);
  socket.addEventListener("open", () => {
    if (everConnected) setStatus(statusEl?.dataset.textBack, 3000);
    else setStatus("");
    everConnected = true;
    attempt = 0;
    document.documentElement.dataset.live = "connected";
    if (live && threadId) send({ type: "catchup", thread: threadId, after: lastSeq });
  });
  socket.addEventListener("message", (event) => {
    try { onFrame(JSON.parse(event.data)); } catch (err) { console.error(err); }
  });
  socket.addEventListener("close", (event) => {
    document.documentElement.dataset.live = "disconnected";
    // 4401/4404: not signed in or not a member; reconnecting will not help.
    if (event.code === 4401 || event.code === 4404) return;
    if (everConnected) setStatus(statusEl?.dataset.textLost);
    const delay = Math.min(30000, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt += 1;
    setTimeout(connect, delay);
  });
}

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
  if (document.visibilityState === "visible" && live && threadId) {
    send({ type: "read", thread: threadId, seq: lastSeq });
  }
});

connect();
