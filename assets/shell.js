// The shell's behaviours that need no server round trip (app/ui/layout.py draws what they act on):
// the phone's navigation menu, the skip link that moves focus, and the service worker's registration.
(() => {
  const MENU_BUTTON = "menu-button";

  function menuButton() {
    return document.getElementById(MENU_BUTTON);
  }

  function setMenu(open) {
    const button = menuButton();
    if (!button) return;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    const header = button.closest(".site-header");
    if (header) header.toggleAttribute("data-menu-open", open);
  }

  function menuOpen() {
    return menuButton()?.getAttribute("aria-expanded") === "true";
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    if (target.closest("[data-menu-toggle]")) {
      setMenu(!menuOpen());
      return;
    }
    if (target.closest(".skip-link")) {
      // The browser scrolls to #main but leaves focus where it was: move it, so the next Tab is in the page.
      document.getElementById("main")?.focus();
    }
    // A link followed or a click elsewhere closes the menu.
    if (menuOpen() && (target.closest("a") || !target.closest(".site-nav"))) setMenu(false);
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menuOpen()) {
      setMenu(false);
      menuButton()?.focus();
    }
  });

  // Focus leaving the open menu (Tab past its last link) closes it.
  document.addEventListener("focusin", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (menuOpen() && target && !target.closest(".site-nav") && target.id !== MENU_BUTTON) setMenu(false);
  });

  // The board on a phone shows one stage at a time: "Go to stage" scrolls to one, and follows a swipe.
  document.addEventListener("change", (event) => {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.hasAttribute("data-board-go-to")) return;
    const column = document.getElementById(select.value);
    const scroller = column?.parentElement;
    if (!column || !scroller) return;
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    scroller.scrollTo({ left: column.offsetLeft, behavior: still ? "auto" : "smooth" });
  });

  let swipeTimer = 0;
  document.addEventListener(
    "scroll",
    (event) => {
      const scroller = event.target;
      if (!(scroller instanceof Element) || !scroller.classList.contains("board-columns")) return;
      clearTimeout(swipeTimer);
      swipeTimer = setTimeout(() => {
        const select = document.querySelector("[data-board-go-to]");
        const columns = Array.from(scroller.children);
        if (!select || columns.length === 0) return;
        const left = scroller.scrollLeft;
        const nearest = columns.reduce((best, column) =>
          Math.abs(column.offsetLeft - left) < Math.abs(best.offsetLeft - left) ? column : best,
        );
        if (nearest.id) select.value = nearest.id;
      }, 120);
    },
    true,
  );

  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", () => {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
    });
  }
})();
