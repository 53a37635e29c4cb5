// Drafts that survive no signal (docs/field-work.md).
//
// A form marked data-kam-draft (the visit record, the follow-up) keeps what is typed
// in this phone's localStorage. Submitted without signal, the draft is queued and
// sent when the signal returns, with the version the form was loaded with, so KAM
// reports a conflict instead of overwriting someone else's save. Drafts belong to
// the person signed in: signing out deletes them, and the next person to sign in on
// the phone never sees the last one's.
(function () {
  "use strict";

  const PREFIX = "kam:draft:";
  const LAST_USER = "kam:user";
  const JUST_SENT = "kam:sent";
  const body = document.body;
  const texts = document.getElementById("kam-field-texts");

  function say(name, values) {
    let message = (texts && texts.getAttribute("data-" + name)) || "";
    Object.keys(values || {}).forEach((key) => {
      message = message.split("%(" + key + ")s").join(values[key]);
    });
    return message;
  }

  function openStore() {
    try {
      window.localStorage.setItem("kam:probe", "1");
      window.localStorage.removeItem("kam:probe");
      return window.localStorage;
    } catch (error) {
      return null; // private mode or storage disabled: forms work as before
    }
  }

  const store = openStore();
  if (!store) {
    return;
  }

  // --- Whose drafts ----------------------------------------------------------------
  const signedIn = body.getAttribute("data-kam-user") || "";
  if (signedIn) {
    if (store.getItem(LAST_USER) !== signedIn) {
      forgetAll(); // someone else used this phone before: their drafts are not ours
    }
    store.setItem(LAST_USER, signedIn);
  }
  const user = signedIn || store.getItem(LAST_USER) || "";

  function keys() {
    const found = [];
    for (let i = 0; i < store.length; i += 1) {
      const key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) {
        found.push(key);
      }
    }
    return found;
  }

  function forgetAll() {
    keys().forEach((key) => store.removeItem(key));
    store.removeItem(LAST_USER);
  }

  function keyFor(action) {
    return PREFIX + user + ":" + action;
  }

  function read(key) {
    try {
      return JSON.parse(store.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function write(key, draft) {
    try {
      store.setItem(key, JSON.stringify(draft));
      return true;
    } catch (error) {
      return false; // storage full
    }
  }

  function mine() {
    if (!user) {
      return [];
    }
    return keys()
      .filter((key) => key.indexOf(PREFIX + user + ":") === 0)
      .map((key) => ({ key: key, draft: read(key) }))
      .filter((entry) => entry.draft && entry.draft.action);
  }

  function pathOf(url) {
    return new URL(url, window.location.href).pathname;
  }

  function clock(ms) {
    const moment = new Date(ms);
    const pad = (n) => String(n).padStart(2, "0");
    return pad(moment.getHours()) + ":" + pad(moment.getMinutes());
  }

  // --- Reading and filling a form --------------------------------------------------
  function fieldsOf(form) {
    const pairs = [];
    new FormData(form).forEach((value, name) => {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") {
        pairs.push([name, value]);
      }
    });
    return pairs;
  }

  function fill(form, pairs, keepVersion) {
    const byName = {};
    pairs.forEach((pair) => {
      (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]);
    });
    Array.prototype.forEach.call(form.elements, (field) => {
      const skipped = ["file", "submit", "button", "reset"];
      if (!field.name || field.name === "csrfmiddlewaretoken" || skipped.includes(field.type)) {
        return;
      }
      if (keepVersion && field.name === "version") {
        return;
      }
      const values = byName[field.name] || [];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = values.includes(field.value);
      } else if (field.tagName === "SELECT" && field.multiple) {
        Array.prototype.forEach.call(field.options, (option) => {
          option.selected = values.includes(option.value);
        });
      } else {
        field.value = values.length ? values[0] : "";
      }
    });
  }

  // --- Where the person reads what happened ----------------------------------------
  function banner(kind, message, parts) {
    const box = document.createElement("div");
    box.className = "alert alert-" + kind + " kam-draft-note";
    box.setAttribute("role", kind === "danger" || kind === "warning" ? "alert" : "status");
    const line = document.createElement("span");
    line.textContent = message;
    box.appendChild(line);
    (parts || []).forEach((part) => {
      box.appendChild(document.createTextNode(" "));
      box.appendChild(part);
    });
    return box;
  }

  function button(label, onClick) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "btn btn-sm btn-outline-secondary ms-1";
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  }

  function link(label, href) {
    const element = document.createElement("a");
    element.className = "alert-link";
    element.href = href;
    element.textContent = label;
    return element;
  }

  function noticeArea() {
    let area = document.getElementById("kam-drafts-notice");
    if (!area) {
      area = document.createElement("div");
      area.id = "kam-drafts-notice";
      const main = document.getElementById("content") || body;
      main.insertBefore(area, main.firstChild);
    }
    return area;
  }

  // --- A form that keeps its draft -------------------------------------------------
  function watch(form) {
    const action = pathOf(form.getAttribute("action") || window.location.href);
    const key = keyFor(action);
    const version = form.elements.version ? form.elements.version.value : "";
    const title = form.getAttribute("data-kam-draft");
    const sentUrl = form.getAttribute("data-kam-sent-url") || "/";
    const status = document.createElement("div");
    status.className = "kam-draft-status small mt-2";
    status.setAttribute("aria-live", "polite");
    form.appendChild(status);
    let held = null; // a draft of an older version, waiting for the person's choice

    function show(kind, message, parts) {
      status.replaceChildren(banner(kind, message, parts));
    }

    function discard() {
      store.removeItem(key);
      held = null;
      status.replaceChildren();
    }

    function save(state) {
      if (held) {
        return null; // the older draft stays until the person chooses
      }
      const previous = read(key);
      const draft = {
        action: action,
        title: title,
        sentUrl: sentUrl,
        version: previous && previous.version !== undefined ? previous.version : version,
        fields: fieldsOf(form),
        savedAt: Date.now(),
        state: state || "draft",
      };
      if (!write(key, draft)) {
        show("warning", say("full"));
        return null;
      }
      return draft;
    }

    function kept() {
      const draft = save();
      if (draft) {
        show("light", say("kept", { time: clock(draft.savedAt) }), [button(say("discard"), discard)]);
      }
    }

    function queued() {
      show("warning", say("queued"), [button(say("discard"), discard)]);
    }

    const existing = read(key);
    if (form.hasAttribute("data-kam-bound")) {
      // KAM answered with this form: it shows what was typed and why it was refused.
      if (existing) {
        write(key, Object.assign(existing, { fields: fieldsOf(form), state: "draft" }));
      }
    } else if (existing && existing.version === version) {
      fill(form, existing.fields);
      if (existing.state === "queued") {
        queued();
      } else if (existing.state === "refused") {
        show("danger", say("refused", { title: existing.title, problem: existing.problem || "" }), [
          button(say("discard"), discard),
        ]);
        write(key, Object.assign(existing, { state: "draft" }));
      } else {
        show("info", say("restored", { time: clock(existing.savedAt) }), [button(say("discard"), discard)]);
      }
    } else if (existing) {
      held = existing;
      show("warning", say("stale", { time: clock(existing.savedAt) }), [
        button(say("use"), () => {
          fill(form, held.fields, true);
          held = null;
          store.removeItem(key);
          kept();
        }),
        button(say("discard"), discard),
      ]);
    }

    let timer = null;
    const later = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(kept, 300);
    };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", (event) => {
      window.clearTimeout(timer);
      if (held) {
        return; // sent as the person sees it; the older draft stays on the phone
      }
      if (!navigator.onLine) {
        event.preventDefault();
        if (save("queued")) {
          queued();
        }
        return;
      }
      save("sending"); // the next page says whether KAM saved it
    });
    watched[action] = {
      onSent: () => {
        const target = new URL(sentUrl, window.location.href);
        if (target.pathname === window.location.pathname) {
          window.location.hash = target.hash;
          window.location.reload(); // the same page, fresh from KAM
        } else {
          window.location.assign(target.href);
        }
      },
      onRefused: (draft) => {
        show("danger", say("refused", { title: draft.title, problem: draft.problem }), [
          button(say("discard"), discard),
        ]);
      },
    };
  }

  const watched = {};

  // --- After a submit: the page we land on says how it went ------------------------
  function settle() {
    const offline = body.hasAttribute("data-kam-offline");
    mine().forEach((entry) => {
      const draft = entry.draft;
      if (draft.state !== "sending") {
        return;
      }
      if (offline) {
        draft.state = "queued"; // the post never reached KAM
        write(entry.key, draft);
      } else if (window.location.pathname === pathOf(draft.sentUrl)) {
        store.removeItem(entry.key); // KAM saved it and led here
      } else {
        draft.state = "draft";
        write(entry.key, draft);
      }
    });
  }

  // --- Sending what was queued -----------------------------------------------------
  function csrfToken() {
    const cookie = document.cookie.split("; ").find((part) => part.indexOf("csrftoken=") === 0);
    if (cookie) {
      return decodeURIComponent(cookie.slice("csrftoken=".length));
    }
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function problemsIn(html) {
    const page = new DOMParser().parseFromString(html, "text/html");
    const found = page.querySelectorAll("form .alert-danger, form .invalid-feedback");
    return Array.prototype.map
      .call(found, (element) => element.textContent.trim())
      .filter((message, index, all) => message && all.indexOf(message) === index)
      .join(" ");
  }

  function send(entry) {
    const draft = entry.draft;
    const data = new URLSearchParams();
    draft.fields.forEach((pair) => data.append(pair[0], pair[1]));
    data.append("csrfmiddlewaretoken", csrfToken());
    return fetch(draft.action, { method: "POST", body: data, credentials: "same-origin" }).then(
      (response) => {
        const landed = pathOf(response.url);
        if (response.redirected && landed === pathOf(draft.sentUrl)) {
          store.removeItem(entry.key);
          window.sessionStorage.setItem(JUST_SENT, draft.title);
          if (watched[draft.action]) {
            watched[draft.action].onSent();
          } else {
            showSent(draft.title);
          }
          return;
        }
        if (response.redirected && landed === (body.getAttribute("data-kam-login") || "")) {
          draft.problem = say("sign-in");
          write(entry.key, draft); // still queued: sent once they sign in again
          return;
        }
        return response.text().then((html) => {
          draft.state = "refused";
          draft.problem = problemsIn(html) || say("refused-default");
          write(entry.key, draft);
          if (watched[draft.action]) {
            watched[draft.action].onRefused(draft);
          }
        });
      },
      () => {
        unreachable = true; // still no way through: stays queued
      },
    );
  }

  let sending = false;
  // The browser says "online" a moment before requests get through: a draft whose
  // request failed then is tried again shortly, not only at the next "online".
  let unreachable = false;

  function flush() {
    if (sending || !navigator.onLine) {
      return;
    }
    const queue = mine().filter((entry) => entry.draft.state === "queued");
    if (!queue.length) {
      return;
    }
    sending = true;
    unreachable = false;
    queue
      .reduce((chain, entry) => chain.then(() => send(entry)), Promise.resolve())
      .finally(() => {
        sending = false;
        listUnsent();
        if (unreachable) {
          window.setTimeout(flush, 3000);
        }
      });
  }

  // --- On every page: what is still on the phone -----------------------------------
  function showSent(title) {
    noticeArea().appendChild(banner("success", say("sent", { title: title })));
  }

  function listUnsent() {
    const area = noticeArea();
    area.querySelectorAll(".kam-drafts-unsent").forEach((old) => old.remove());
    // The offline page may stand in for the form itself: it lists them all.
    const here = body.hasAttribute("data-kam-offline") ? null : window.location.pathname;
    const waiting = mine().filter(
      (entry) => ["queued", "refused"].includes(entry.draft.state) && entry.draft.action !== here,
    );
    waiting.forEach((entry) => {
      const draft = entry.draft;
      const message =
        draft.state === "queued"
          ? say("waiting", { title: draft.title })
          : say("refused", { title: draft.title, problem: draft.problem || "" });
      const note = banner(draft.state === "queued" ? "warning" : "danger", message, [
        link(say("open"), draft.action),
      ]);
      note.classList.add("kam-drafts-unsent");
      area.appendChild(note);
    });
  }

  settle();
  document.querySelectorAll("form[data-kam-draft]").forEach(watch);
  const justSent = window.sessionStorage.getItem(JUST_SENT);
  if (justSent) {
    window.sessionStorage.removeItem(JUST_SENT);
    showSent(justSent);
  }
  listUnsent();
  flush();
  window.addEventListener("online", flush);

  // Signing out deletes every draft on the phone (the server's Clear-Site-Data
  // does too, where the browser honours it).
  document.addEventListener(
    "submit",
    (event) => {
      if (!event.target.hasAttribute("data-kam-sign-out")) {
        return;
      }
      const count = mine().length;
      if (count && !window.confirm(say("sign-out", { count: count }))) {
        event.preventDefault();
        return;
      }
      forgetAll();
    },
    true,
  );
})();
