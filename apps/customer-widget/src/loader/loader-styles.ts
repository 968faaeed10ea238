/** The loader's styles, scoped to its shadow root so the host page's CSS cannot reach in (or be reached). */
export const LOADER_CSS = `
:host { all: initial; }
.sb { --sb-accent: #4f46e5; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.sb-launcher {
  position: fixed; bottom: 20px; right: 20px; z-index: 2147483001;
  width: 60px; height: 60px; border-radius: 50%; border: 0; padding: 0; margin: 0; cursor: pointer;
  display: grid; place-items: center; color: #fff; background: var(--sb-accent);
  box-shadow: 0 6px 20px rgba(15, 23, 42, 0.24), 0 2px 6px rgba(15, 23, 42, 0.12);
  transition: transform 160ms ease, box-shadow 160ms ease;
}
.sb[data-position="left"] .sb-launcher { right: auto; left: 20px; }
.sb-launcher:hover { transform: scale(1.06); box-shadow: 0 10px 28px rgba(15, 23, 42, 0.28); }
.sb-launcher:active { transform: scale(0.97); }
.sb-launcher:focus-visible { outline: 3px solid #fff; box-shadow: 0 0 0 6px var(--sb-accent); }
.sb-launcher svg { width: 28px; height: 28px; position: absolute; transition: opacity 160ms ease, transform 200ms ease; }
.sb-icon-close { opacity: 0; transform: rotate(-90deg) scale(0.6); }
.sb[data-open="true"] .sb-icon-chat { opacity: 0; transform: rotate(90deg) scale(0.6); }
.sb[data-open="true"] .sb-icon-close { opacity: 1; transform: none; }
.sb-badge {
  position: absolute; top: -2px; right: -2px; min-width: 22px; height: 22px; padding: 0 6px; box-sizing: border-box;
  border-radius: 11px; background: #ef4444; color: #fff; border: 2px solid #fff;
  font: 700 12px/18px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: center;
}
.sb-badge[hidden] { display: none; }
.sb-dot {
  position: absolute; bottom: 2px; right: 2px; width: 14px; height: 14px; box-sizing: border-box;
  border-radius: 50%; border: 2px solid #fff; background: #9ca3af;
}
.sb-dot[data-online="true"] { background: #22c55e; }
.sb-dot[data-online="false"] { background: #f59e0b; }
.sb-dot[hidden] { display: none; }
.sb-frame {
  position: fixed; bottom: 96px; right: 20px; z-index: 2147483000;
  width: 380px; height: min(680px, calc(100vh - 120px)); max-height: calc(100vh - 120px);
  border: 0; border-radius: 18px; background: #fff; color-scheme: normal;
  box-shadow: 0 16px 48px rgba(15, 23, 42, 0.2), 0 4px 12px rgba(15, 23, 42, 0.08);
  opacity: 0; visibility: hidden; transform: translateY(16px) scale(0.98); transform-origin: bottom right;
  transition: opacity 180ms ease, transform 200ms ease, visibility 0s linear 200ms;
}
.sb[data-position="left"] .sb-frame { right: auto; left: 20px; transform-origin: bottom left; }
.sb[data-open="true"] .sb-frame {
  opacity: 1; visibility: visible; transform: none; transition: opacity 180ms ease, transform 200ms ease;
}
@media (max-width: 480px) {
  .sb-frame, .sb[data-position="left"] .sb-frame {
    inset: 0; width: 100%; height: 100%; max-height: none; border-radius: 0;
  }
  .sb[data-open="true"] .sb-launcher { display: none; }
}
@media (prefers-reduced-motion: reduce) {
  .sb-launcher, .sb-launcher svg, .sb-frame { transition: none; }
}
`;

export const CHAT_ICON_PATH =
  'M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6A.5.5 0 0 1 5 19.2V16h.5A1.5 1.5 0 0 1 4 14.5z';
export const CLOSE_ICON_PATH = 'M6 6l12 12M18 6L6 18';
