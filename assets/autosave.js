// What the student types is kept in this browser until the server confirms it is in the database.
//
// A field opts in with data-autosave="<key>" (the record and field, e.g. "draft:12:body") and
// data-saved-digest="<digest of what the database holds>", which the server updates after each
// save. Every keystroke is kept in localStorage under the key until the page shows a saved digest
// equal to the text's. If the page comes back with older text (a reconnect after a worker died, a
// Redis flush) the kept text is put back and sent again; if no confirmation comes (the database is
// down) it is sent again every few seconds. An element with data-autosave-status="<key>" says which
// of these is happening, in words. If the database holds a version this browser never sent
// (another tab saved this field meanwhile), nothing is overwritten: the status says so and offers
// to put this browser's text back.
(() => {
  const PREFIX = "rapport-pending:";
  const RESEND_MS = 3000;
  const SLOW_MS = 2500;
  const FORGET_MS = 7 * 24 * 3600 * 1000;
  const WORDS = {
    saved: "Saved",
    saving: "Saving…",
    retrying: "Not saved yet, retrying",
    refused: "Not saved: see the note beside the field",
    conflict: "This field was changed in another tab. Your text is kept in this browser.",
  };
  let replaying = false;

  // FNV-1a over UTF-16 code units: app/domain/text_digest.py computes the same.
  const digest = (text) => {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i += 1) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, "0");
  };
  const read = (key) => {
    try {
      return JSON.parse(window.localStorage.getItem(PREFIX + key) || "null");
    } catch {
      return null;
    }
  };
  const write = (key, entry) => {
    try {
      window.localStorage.setItem(PREFIX + key, JSON.stringify(entry));
    } catch {
      // A full or disabled storage: the server still gets every keystroke as before.
    }
  };
  const forget = (key) => window.localStorage.removeItem(PREFIX + key);

  // Sets the field as typing would, so React (and Reflex's on_change) sees it.
  const retype = (field, text) => {
    const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    replaying = true;
    try {
      Object.getOwnPropertyDescriptor(proto, "value").set.call(field, text);
      // React only reports a change it has not seen: resending the same text needs its tracker told
      // that the field held something else.
      if (field._valueTracker) field._valueTracker.setValue(text === "" ? " " : "");
      field.dispatchEvent(new Event("input", { bubbles: true }));
    } finally {
      replaying = false;
    }
  };

  const show = (key, word) => {
    document.querySelectorAll(`[data-autosave-status="${CSS.escape(key)}"]`).forEach((status) => {
      if (status.dataset.shown === word) return;
      status.dataset.shown = word;
      // A field beside another one's status says nothing while saved: one "Saved" is enough.
      status.textContent = word === "saved" && status.dataset.quietWhenSaved ? "" : WORDS[word] || "";
      if (word === "conflict") {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "autosave-restore";
        button.textContent = "Use my text";
        button.addEventListener("click", () => restore(key));
        status.append(" ", button);
      }
    });
  };

  const fieldsOf = (key) =>
    Array.from(document.querySelectorAll("[data-autosave]")).filter((field) => field.dataset.autosave === key);

  const restore = (key) => {
    const entry = read(key);
    const field = fieldsOf(key)[0];
    if (!entry || !field) return;
    entry.base = field.dataset.savedDigest || "";
    entry.tried = Date.now();
    write(key, entry);
    retype(field, entry.text);
    show(key, "saving");
  };

  document.addEventListener(
    "input",
    (event) => {
      const field = event.target;
      const key = field && field.dataset ? field.dataset.autosave : undefined;
      if (!key || replaying) return;
      const now = Date.now();
      const previous = read(key);
      const sent = previous ? previous.sent.slice(-40) : [];
      sent.push(digest(field.value));
      write(key, {
        text: field.value,
        base: previous ? previous.base : field.dataset.savedDigest || "",
        sent,
        at: now,
        tried: now,
      });
      show(key, "saving");
    },
    true,
  );

  const check = (field) => {
    const key = field.dataset.autosave;
    const saved = field.dataset.savedDigest || "";
    const entry = read(key);
    const now = Date.now();
    if (!entry || now - entry.at > FORGET_MS) {
      if (entry) forget(key);
      show(key, saved ? "saved" : "");
      return;
    }
    if (digest(entry.text) === saved) {
      forget(key);
      show(key, "saved");
      return;
    }
    if (saved !== entry.base && !entry.sent.includes(saved)) {
      show(key, "conflict");
      return;
    }
    if (field.readOnly || field.disabled) return;
    if (field.dataset.saveRefused === "true") {
      show(key, "refused");
      return;
    }
    // Older text on the page than the student typed (the page was refreshed from the server), or no
    // confirmation for a while: send the kept text again.
    if (field.value !== entry.text || now - entry.tried > RESEND_MS) {
      entry.tried = now;
      write(key, entry);
      retype(field, entry.text);
      refocus(field);
    }
    show(key, now - entry.at > SLOW_MS ? "retrying" : "saving");
  };

  // Typing that lands nowhere: the field was taken off the page for a moment (the tab reconnected and
  // its page state was rebuilt) and focus fell to the page. Those keys belong to the last field typed
  // in: they are added to its kept text, and the field gets them (and the focus) back when it returns.
  let lastField = { key: "", at: 0 };
  // The field that keys typed into nothing belong to, until it has the focus back.
  let strayKey = "";
  document.addEventListener(
    "focusin",
    (event) => {
      const key = event.target && event.target.dataset ? event.target.dataset.autosave : undefined;
      if (key) lastField = { key, at: Date.now() };
    },
    true,
  );
  document.addEventListener(
    "keydown",
    (event) => {
      const target = event.target;
      const onNothing = !target || target === document.body || target === document.documentElement;
      if (!onNothing || !lastField.key || Date.now() - lastField.at > 60_000) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const entry = read(lastField.key);
      const field = fieldsOf(lastField.key)[0];
      const base = entry ? entry.text : field ? field.value : null;
      if (base === null) return;
      let text = base;
      if (event.key.length === 1) text += event.key;
      else if (event.key === "Enter") text += "\n";
      else if (event.key === "Backspace") text = text.slice(0, -1);
      else return;
      event.preventDefault();
      const now = Date.now();
      const sent = entry ? entry.sent.slice(-40) : [];
      write(lastField.key, {
        text,
        base: entry ? entry.base : (field && field.dataset.savedDigest) || "",
        sent,
        at: now,
        tried: 0,
      });
      lastField.at = now;
      strayKey = lastField.key;
      if (field) check(field);
    },
    true,
  );

  const refocus = (field) => {
    if (!strayKey || field.dataset.autosave !== strayKey) return;
    const active = document.activeElement;
    if (active && active !== document.body && active !== document.documentElement) return;
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
    strayKey = "";
  };

  const tick = () =>
    document.querySelectorAll("[data-autosave]").forEach((field) => {
      check(field);
      refocus(field);
    });
  window.setInterval(tick, 500);
  window.rapportAutosave = { digest, tick };
})();
