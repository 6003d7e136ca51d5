// @-completion in the reply box: after "@" and a few letters, offer the people
// who may see this thread (the server asks the access package), with their
// display names. Keyboard: arrows choose, Enter or Tab inserts, Escape closes.
const form = document.querySelector("form[data-mention-url]");
const box = form && form.querySelector("textarea");

if (box) {
  const url = form.dataset.mentionUrl;
  const list = document.createElement("ul");
  list.id = "mention-options";
  list.className = "pw-mention-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", form.dataset.mentionLabel || "Personen");
  list.hidden = true;
  box.insertAdjacentElement("afterend", list);
  box.setAttribute("aria-autocomplete", "list");
  box.setAttribute("aria-controls", list.id);

  let people = [];
  let active = -1;
  let pending = null;

  const wordAtCaret = () => {
    const before = box.value.slice(0, box.selectionStart);
    const match = /(^|\s)@([\w.-]{0,30})$/.exec(before);
    return match ? { query: match[2], start: before.length - match[2].length - 1 } : null;
  };

  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    box.removeAttribute("aria-activedescendant");
    people = [];
    active = -1;
  };

  const highlight = (index) => {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) box.setAttribute("aria-activedescendant", list.children[index].id);
  };

  const insert = (person) => {
    const word = wordAtCaret();
    if (!word) return close();
    const text = `@${person.username} `;
    const caret = box.selectionStart;
    box.value = box.value.slice(0, word.start) + text + box.value.slice(caret);
    const position = word.start + text.length;
    box.setSelectionRange(position, position);
    close();
    box.focus();
  };

  const show = (found) => {
    people = found;
    list.replaceChildren(
      ...found.map((person, i) => {
        const li = document.createElement("li");
        li.id = `mention-option-${i}`;
        li.setAttribute("role", "option");
        li.textContent = `${person.name} (@${person.username})`;
        li.addEventListener("mousedown", (event) => {
          event.preventDefault();
          insert(person);
        });
        return li;
      }),
    );
    list.hidden = found.length === 0;
    highlight(found.length ? 0 : -1);
  };

  box.addEventListener("input", () => {
    const word = wordAtCaret();
    if (!word) return close();
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const response = await fetch(`${url}?q=${encodeURIComponent(word.query)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) show((await response.json()).people);
    }, 150);
  });

  box.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      highlight((active + step + people.length) % people.length);
    } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
      event.preventDefault();
      insert(people[active]);
    } else if (event.key === "Escape") {
      close();
    }
  });

  box.addEventListener("blur", () => setTimeout(close, 100));
}
