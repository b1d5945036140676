// <nyt-inbox>: nyt's drop-in inbox, one dependency-free ES module served by the query API at /nyt-inbox.js.
//
//   <script type="module" src="https://nyt.example.com/nyt-inbox.js"></script>
//   <nyt-inbox api="https://nyt.example.com" token="<JWT whose sub is the user>"></nyt-inbox>
//
// Attributes: api (the query API's origin; default: the page's), token (a JWT; sent as a Bearer header, and as
// ?access_token= on the stream, which EventSource cannot give a header), user (NYT_AUTH_MODE=dev only: the caller
// without a token), badge ("unread", the default, or "unseen"), page-size (default 20).
// A page on another origin needs that origin in NYT_CORS_ORIGINS.
//
// It shows a bell with the badge count; opening it marks everything seen and shows the list (tabs Unread, All,
// Archived), with mark read, archive / unarchive per notification, mark all read, and goto (mark read, then open
// its url). It stays live over Server-Sent Events: new notifications appear, the badge follows the counts the
// stream sends, and state changes made in another tab or device are applied; after a drop it reconnects with
// the last event id, so it misses nothing (or reloads its list when the server says so).
//
// Theme with CSS custom properties on the element: --nyt-inbox-font, --nyt-inbox-fg, --nyt-inbox-bg,
// --nyt-inbox-muted, --nyt-inbox-accent, --nyt-inbox-badge-bg, --nyt-inbox-badge-fg, --nyt-inbox-unread-bg,
// --nyt-inbox-border, --nyt-inbox-width, --nyt-inbox-radius. Keyboard: the bell and every action are buttons;
// Escape closes the panel and returns to the bell; the arrow keys move between notifications.

const STYLE = `
:host { position: relative; display: inline-block; font: 14px/1.4 var(--nyt-inbox-font, system-ui, sans-serif);
  color: var(--nyt-inbox-fg, #1f2328); }
button { font: inherit; color: inherit; cursor: pointer; }
button:focus-visible, a:focus-visible, li:focus-visible { outline: 2px solid var(--nyt-inbox-accent, #0969da); outline-offset: 2px; }
.bell { position: relative; border: 1px solid var(--nyt-inbox-border, #d0d7de); background: var(--nyt-inbox-bg, #fff);
  border-radius: var(--nyt-inbox-radius, 8px); padding: 6px 8px; line-height: 0; }
.badge { position: absolute; top: -6px; right: -6px; min-width: 18px; padding: 1px 5px; box-sizing: border-box;
  border-radius: 9px; background: var(--nyt-inbox-badge-bg, #cf222e); color: var(--nyt-inbox-badge-fg, #fff);
  font-size: 11px; font-weight: 600; text-align: center; }
.badge[hidden] { display: none; }
.panel { position: absolute; right: 0; top: calc(100% + 6px); z-index: 1000; width: var(--nyt-inbox-width, 360px);
  background: var(--nyt-inbox-bg, #fff); border: 1px solid var(--nyt-inbox-border, #d0d7de);
  border-radius: var(--nyt-inbox-radius, 8px); box-shadow: 0 8px 24px rgba(140, 149, 159, .25); }
.panel[hidden] { display: none; }
header { display: flex; align-items: center; justify-content: space-between; padding: 8px 12px;
  border-bottom: 1px solid var(--nyt-inbox-border, #d0d7de); }
header h2 { margin: 0; font-size: 14px; }
.tabs { display: flex; gap: 4px; padding: 6px 12px; border-bottom: 1px solid var(--nyt-inbox-border, #d0d7de); }
.tabs button, header button, .actions button { border: 0; background: none; padding: 2px 6px; border-radius: 4px;
  color: var(--nyt-inbox-accent, #0969da); }
.tabs button[aria-selected="true"] { background: var(--nyt-inbox-unread-bg, #ddf4ff); font-weight: 600; }
ul { list-style: none; margin: 0; padding: 0; max-height: 420px; overflow: auto; }
li { display: flex; gap: 8px; padding: 8px 12px; border-bottom: 1px solid var(--nyt-inbox-border, #d0d7de); }
li.unread { background: var(--nyt-inbox-unread-bg, #ddf4ff); }
li .body { flex: 1; min-width: 0; }
li .message { display: block; text-align: left; border: 0; background: none; padding: 0; overflow-wrap: anywhere; }
li.unread .message { font-weight: 600; }
li .meta { color: var(--nyt-inbox-muted, #656d76); font-size: 12px; }
.actions { display: flex; flex-direction: column; gap: 2px; }
.empty { padding: 16px 12px; color: var(--nyt-inbox-muted, #656d76); }
`;

const TABS = [["unread", "Unread"], ["all", "All"], ["archived", "Archived"]];

export class NytInbox extends HTMLElement {
  static observedAttributes = ["api", "token", "user", "badge", "page-size"];

  #root; #bell; #badge; #panel; #list; #tabs; #markAll;
  #state = "unread";
  #items = [];
  #counts = { unread: 0, unseen: 0 };
  #source = null;
  #lastEventId = null;
  #retry = 1000;
  #reconnect = null;
  #reloadSoon = null;
  // answers can arrive out of order: only the newest request (or stream message) of each kind is applied
  #listVersion = 0;
  #generation = 0; // each (re)start; a start overtaken by a later one (attributes set at upgrade) opens no stream
  #countsVersion = 0;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    this.#root.innerHTML = `<style>${STYLE}</style>
      <button class="bell" part="bell" aria-haspopup="dialog" aria-expanded="false" aria-label="Notifications">
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"
          stroke-linecap="round" stroke-linejoin="round"><path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9"/>
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0"/></svg><span class="badge" part="badge" hidden></span></button>
      <div class="panel" part="panel" role="dialog" aria-label="Notifications" hidden>
        <header><h2>Notifications</h2><button class="mark-all" type="button">Mark all read</button></header>
        <div class="tabs" role="tablist"></div>
        <ul role="list" aria-live="polite"></ul>
      </div>`;
    this.#bell = this.#root.querySelector(".bell");
    this.#badge = this.#root.querySelector(".badge");
    this.#panel = this.#root.querySelector(".panel");
    this.#list = this.#root.querySelector("ul");
    this.#tabs = this.#root.querySelector(".tabs");
    this.#markAll = this.#root.querySelector(".mark-all");
    for (const [state, label] of TABS) {
      const tab = document.createElement("button");
      tab.type = "button";
      tab.setAttribute("role", "tab");
      tab.dataset.state = state;
      tab.textContent = label;
      tab.addEventListener("click", () => this.#show(state));
      this.#tabs.append(tab);
    }
    this.#bell.addEventListener("click", () => this.#toggle());
    this.#markAll.addEventListener("click", () => this.#post("mark-all-read", {}));
    this.#panel.addEventListener("keydown", (event) => this.#key(event));
    this.#list.addEventListener("click", (event) => this.#action(event));
  }

  get #api() { return (this.getAttribute("api") || location.origin).replace(/\/+$/, ""); }
  get #pageSize() { return Math.min(100, Math.max(1, Number(this.getAttribute("page-size")) || 20)); }

  connectedCallback() { this.#start(); }
  disconnectedCallback() { this.#stop(); }
  attributeChangedCallback(name, before, after) {
    if (before !== after && this.isConnected && name !== "badge" && name !== "page-size") { this.#start(); }
    if (name === "badge") { this.#renderBadge(); }
  }

  /** The number the badge shows. */
  get count() { return this.#counts[this.getAttribute("badge") === "unseen" ? "unseen" : "unread"]; }

  #headers(json) {
    const headers = {};
    const token = this.getAttribute("token");
    const user = this.getAttribute("user");
    if (token) { headers.Authorization = `Bearer ${token}`; } else if (user) { headers["X-Nyt-User"] = user; }
    if (json) { headers["Content-Type"] = "application/json"; }
    return headers;
  }

  async #get(path) {
    const response = await fetch(this.#api + path, { headers: this.#headers(false) });
    if (!response.ok) { throw new Error(`${path}: ${response.status}`); }
    return response.json();
  }

  async #post(action, body) {
    const response = await fetch(`${this.#api}/api/v1/notifications/${action}`,
      { method: "POST", headers: this.#headers(true), body: JSON.stringify(body) });
    if (!response.ok) { this.#error(`${action}: ${response.status}`); return; }
    await Promise.all([this.#load(), this.#loadCounts()]); // the stream confirms it to every other tab
  }

  #start() {
    this.#stop();
    const generation = ++this.#generation;
    this.#lastEventId = null;
    this.#renderTabs();
    if (!this.getAttribute("token") && !this.getAttribute("user")) { return; } // no caller yet
    Promise.all([this.#load(), this.#loadCounts()]).catch((e) => this.#error(e.message))
      .finally(() => { if (generation === this.#generation && this.isConnected) { this.#connect(); } });
  }

  #stop() {
    clearTimeout(this.#reconnect);
    if (this.#source) { this.#source.close(); this.#source = null; }
  }

  async #load() {
    const version = ++this.#listVersion;
    const page = await this.#get(`/api/v1/notifications?state=${this.#state}&limit=${this.#pageSize}`);
    if (version !== this.#listVersion) { return; }
    this.#items = page.objects;
    if (this.#lastEventId === null) {
      // resume the stream from the newest notification we have, so nothing between the list and it is missed
      this.#lastEventId = this.#items.reduce((max, n) => Math.max(max, n.pk), 0) || null;
    }
    this.#renderList();
  }

  async #loadCounts() {
    const version = ++this.#countsVersion;
    const counts = await this.#get("/api/v1/notifications/counts");
    if (version === this.#countsVersion) { this.#setCounts(counts); }
  }

  #setCounts(counts) {
    this.#counts = { unread: counts.unread, unseen: counts.unseen };
    this.#renderBadge();
  }

  #connect() {
    if (this.#source) { this.#source.close(); } // one stream per element: browsers allow six connections per host
    const query = new URLSearchParams();
    const token = this.getAttribute("token");
    const user = this.getAttribute("user");
    if (token) { query.set("access_token", token); } else if (user) { query.set("user", user); }
    if (this.#lastEventId !== null) { query.set("lastEventId", String(this.#lastEventId)); }
    const source = new EventSource(`${this.#api}/api/v1/stream?${query}`);
    this.#source = source;
    const on = (type, handle) => source.addEventListener(type, (event) => {
      if (event.lastEventId) { this.#lastEventId = Number(event.lastEventId); }
      handle(JSON.parse(event.data));
    });
    source.onopen = () => { this.#retry = 1000; this.dataset.live = "true"; };
    on("notificationCreated", (n) => this.#created(n));
    on("notificationUpdated", () => this.#reload());
    for (const type of ["notificationsViewed", "notificationsSeen", "notificationsArchived", "notificationsUnarchived", "reload"]) {
      on(type, () => this.#reload());
    }
    on("caughtUp", () => {});
    on("counts", (counts) => { this.#countsVersion++; this.#setCounts(counts); });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        // the browser gave up (a refused or dropped connection): reconnect after the cursor, with backoff
        this.dataset.live = "false";
        source.close();
        this.#reconnect = setTimeout(() => this.#connect(), this.#retry);
        this.#retry = Math.min(this.#retry * 2, 30000);
      }
    };
  }

  #created(n) {
    this.#listVersion++; // a list answer already on its way may not have it
    const shown = this.#state === "all" || (this.#state === "unread" && !n.isViewed);
    if (shown && !this.#items.some((item) => item.pk === n.id)) {
      this.#items.unshift({ pk: n.id, message: n.message, url: n.url, type: n.key, occurrences: n.occurrences,
        since: "now", created: n.created, is_viewed: n.isViewed, is_seen: false, is_archived: false });
      this.#items.length = Math.min(this.#items.length, this.#pageSize);
      this.#renderList();
    }
  }

  /** A state change (here or in another tab): the list again, once for a burst. */
  #reload() {
    clearTimeout(this.#reloadSoon);
    this.#reloadSoon = setTimeout(() => this.#load().catch((e) => this.#error(e.message)), 50);
  }

  #toggle() {
    const open = this.#panel.hidden;
    this.#panel.hidden = !open;
    this.#bell.setAttribute("aria-expanded", String(open));
    if (open) {
      if (this.#counts.unseen > 0) { this.#post("mark-seen", {}); }
      (this.#list.querySelector("li") || this.#markAll).focus();
    }
  }

  #show(state) {
    this.#state = state;
    this.#renderTabs();
    this.#load().catch((e) => this.#error(e.message));
  }

  #key(event) {
    if (event.key === "Escape") {
      this.#toggle();
      this.#bell.focus();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
    const items = [...this.#list.querySelectorAll("li")];
    const at = items.indexOf(this.#root.activeElement?.closest("li"));
    const next = items[Math.max(0, Math.min(items.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)))];
    if (next) { event.preventDefault(); next.focus(); }
  }

  async #action(event) {
    const button = event.target.closest("button[data-action]");
    if (!button) { return; }
    const id = Number(button.closest("li").dataset.id);
    const one = { idLte: id, idGte: id };
    switch (button.dataset.action) {
      case "goto": {
        const item = this.#items.find((n) => n.pk === id);
        if (!item.is_viewed) { await this.#post("mark-read", one); }
        if (item.url) { location.assign(new URL(item.url, location.href)); }
        break;
      }
      case "read": await this.#post("mark-read", one); break;
      case "archive": await this.#post("archive", one); break;
      case "unarchive": await this.#post("unarchive", one); break;
    }
  }

  #renderTabs() {
    for (const tab of this.#tabs.children) { tab.setAttribute("aria-selected", String(tab.dataset.state === this.#state)); }
  }

  #renderBadge() {
    const count = this.count;
    this.#badge.hidden = count === 0;
    this.#badge.textContent = count > 99 ? "99+" : String(count);
    this.#bell.setAttribute("aria-label", count ? `Notifications, ${count} ${this.getAttribute("badge") === "unseen" ? "new" : "unread"}` : "Notifications");
    this.dataset.count = String(count);
  }

  #renderList() {
    this.#list.replaceChildren();
    if (this.#items.length === 0) {
      const empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = this.#state === "archived" ? "Nothing archived" : "You're all caught up";
      this.#list.append(empty);
      return;
    }
    for (const n of this.#items) {
      const li = document.createElement("li");
      li.dataset.id = String(n.pk);
      li.tabIndex = -1;
      li.className = n.is_viewed ? "read" : "unread";
      const body = document.createElement("div");
      body.className = "body";
      const message = button("goto", n.message, "message");
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = `${n.since}${n.occurrences > 1 ? ` · ${n.occurrences} times` : ""}`;
      body.append(message, meta);
      const actions = document.createElement("div");
      actions.className = "actions";
      if (!n.is_viewed) { actions.append(button("read", "Mark read")); }
      actions.append(n.is_archived ? button("unarchive", "Unarchive") : button("archive", "Archive"));
      li.append(body, actions);
      this.#list.append(li);
    }
  }

  #error(message) {
    this.dataset.error = message;
    this.dispatchEvent(new CustomEvent("nyt-inbox-error", { detail: message, bubbles: true }));
  }
}

function button(action, label, className) {
  const b = document.createElement("button");
  b.type = "button";
  b.dataset.action = action;
  b.textContent = label;
  if (className) { b.className = className; }
  return b;
}

if (!customElements.get("nyt-inbox")) { customElements.define("nyt-inbox", NytInbox); }
