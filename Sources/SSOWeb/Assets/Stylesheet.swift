/// The one stylesheet, after the generated documentation site's look (`PageStyle`): system
/// fonts, GitHub-like colours with AA contrast, light and dark, readable from a 390 px phone
/// to a desktop. No inline styles anywhere: a strict Content-Security-Policy would block them.
enum Stylesheet {
    static let text = #"""
    :root { --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0; --code: #eff2f5;
      --link: #0969da; --accent: #0969da; --accent-fg: #ffffff; --accent-hover: #0550ae;
      --ok: #1a7f37; --ok-bg: #dafbe1; --warn: #7d4e00; --warn-bg: #fff8c5; --bad: #b42318; --bad-bg: #ffebe9;
      --info-bg: #ddf4ff; --focus: #0969da; --mark: #fff1b8; }
    @media (prefers-color-scheme: dark) {
      :root { --fg: #e6edf3; --muted: #9ea7b3; --bg: #0d1117; --panel: #161b22; --line: #3d444d; --code: #1f2630;
        --link: #4493f8; --accent: #2f81f7; --accent-fg: #ffffff; --accent-hover: #1f6feb;
        --ok: #3fb950; --ok-bg: #12261e; --warn: #d29922; --warn-bg: #2e2410; --bad: #f85149; --bad-bg: #2d1214;
        --info-bg: #0c2d6b; --focus: #4493f8; --mark: #5c4a00; }
    }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; color: var(--fg); background: var(--bg);
      font: 16px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    a { color: var(--link); text-underline-offset: 0.15em; }
    :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
    .skip-link { position: absolute; left: -999px; top: 0.5rem; background: var(--bg); padding: 0.5rem 1rem; z-index: 10; }
    .skip-link:focus { left: 0.5rem; }
    .offscreen { position: absolute; left: -9999px; top: 0; }
    [hidden] { display: none !important; }

    /* Page frame */
    .topbar { border-bottom: 1px solid var(--line); background: var(--panel); }
    .topbar-inner, .frame { max-width: 76rem; margin: 0 auto; padding: 0 1rem; }
    .topbar-inner { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: center; justify-content: space-between; min-height: 3.25rem; padding-top: 0.4rem; padding-bottom: 0.4rem; }
    .brand { font-weight: 600; }
    .brand .org { color: var(--muted); font-weight: 400; }
    .acting { color: var(--muted); font-size: 0.9rem; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    .acting form { display: inline; }
    .frame { padding-top: 1.25rem; padding-bottom: 3rem; }
    .breadcrumb { color: var(--muted); font-size: 0.9rem; margin: 0 0 0.25rem; }
    nav.tabs { margin: 0 0 1.5rem; border-bottom: 1px solid var(--line); overflow-x: auto; -webkit-overflow-scrolling: touch; }
    nav.tabs ul { list-style: none; margin: 0; padding: 0; display: flex; gap: 0.25rem; white-space: nowrap; }
    nav.tabs a { display: block; padding: 0.6rem 0.75rem; color: var(--fg); text-decoration: none; border-bottom: 3px solid transparent; }
    nav.tabs a:hover { border-bottom-color: var(--line); }
    nav.tabs a[aria-current="page"] { border-bottom-color: var(--accent); font-weight: 600; }
    nav.tabs .step-number { display: inline-block; min-width: 1.4rem; height: 1.4rem; line-height: 1.4rem; text-align: center; border-radius: 50%; background: var(--code); font-size: 0.8rem; margin-right: 0.35rem; }
    footer.frame { color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); padding-top: 1rem; }

    h1, h2, h3 { line-height: 1.25; }
    h1 { font-size: 1.75rem; margin: 0 0 1rem; display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 0.75rem; }
    h2 { font-size: 1.3rem; margin: 2rem 0 0.75rem; }
    h3 { font-size: 1.1rem; margin: 1.25rem 0 0.5rem; }
    p, ul, ol, table, .table-scroll { margin: 0 0 1rem; }
    .lead { font-size: 1.05rem; color: var(--muted); max-width: 48rem; }
    .muted { color: var(--muted); }
    code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
    code { background: var(--code); border-radius: 4px; padding: 0.1em 0.3em; overflow-wrap: anywhere; }
    pre { background: var(--code); border-radius: 6px; padding: 0.75rem 1rem; overflow-x: auto; max-height: 24rem; }
    pre code { background: none; padding: 0; overflow-wrap: normal; }
    mark.example { background: var(--mark); color: inherit; padding: 0 0.1em; }

    /* Badges */
    .badge { display: inline-block; font-size: 0.8rem; font-weight: 600; line-height: 1; padding: 0.35em 0.6em; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; vertical-align: middle; }
    .badge-active, .badge-success, .badge-verified, .badge-complete { color: var(--ok); background: var(--ok-bg); }
    .badge-in-progress, .badge-pending, .badge-draft { color: var(--warn); background: var(--warn-bg); }
    .badge-inactive, .badge-expired, .badge-unconfigured, .badge-not-started, .badge-used, .badge-revoked { color: var(--muted); background: var(--panel); }
    .badge-failed { color: var(--bad); background: var(--bad-bg); }

    /* Notices */
    .notice { border: 1px solid var(--line); border-left: 4px solid var(--accent); background: var(--info-bg); border-radius: 6px; padding: 0.75rem 1rem; margin: 0 0 1.25rem; }
    .notice > :last-child { margin-bottom: 0; }
    .notice-success { border-left-color: var(--ok); background: var(--ok-bg); }
    .notice-warning { border-left-color: var(--warn); background: var(--warn-bg); }
    .notice-error { border-left-color: var(--bad); background: var(--bad-bg); }
    .notice h2, .notice h3 { margin-top: 0; }

    /* Cards and lists */
    .card { border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 0 0 1rem; background: var(--bg); }
    .card > :last-child { margin-bottom: 0; }
    .card > h2, .card > h3 { margin-top: 0; }
    .danger-zone { margin-top: 2rem; }
    .card-head { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; margin-bottom: 0.5rem; }
    .card-head h2, .card-head h3 { margin: 0; overflow-wrap: anywhere; }
    .cards { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); margin-bottom: 1rem; }
    .cards .card { margin: 0; display: flex; flex-direction: column; gap: 0.5rem; }
    .cards .card p { margin: 0; }
    .cards .card form { margin-top: auto; }
    ol.steps { list-style: none; padding: 0; margin: 0 0 1.5rem; counter-reset: step; }
    ol.steps > li { counter-increment: step; display: grid; grid-template-columns: 2.25rem 1fr; gap: 0 0.75rem; padding: 0.9rem 0; border-bottom: 1px solid var(--line); }
    ol.steps > li::before { content: counter(step); width: 2rem; height: 2rem; border-radius: 50%; display: grid; place-items: center; font-weight: 700; background: var(--code); }
    ol.steps > li.step-complete::before { content: "\2713"; background: var(--ok-bg); color: var(--ok); }
    ol.steps h2 { font-size: 1.05rem; margin: 0.2rem 0 0.25rem; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    ol.steps p { margin: 0; color: var(--muted); }
    dl.facts { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: 0.4rem 1rem; margin: 0 0 1rem; }
    dl.facts dt { color: var(--muted); }
    dl.facts dd { margin: 0; overflow-wrap: anywhere; }

    /* Tables */
    .table-scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
    table { border-collapse: collapse; width: 100%; }
    th, td { border-bottom: 1px solid var(--line); padding: 0.5rem 0.6rem; text-align: left; vertical-align: top; }
    th { font-weight: 600; background: var(--panel); }
    td { overflow-wrap: anywhere; }
    td.nowrap, th.nowrap { white-space: nowrap; overflow-wrap: normal; }

    /* Copyable values */
    .copy-field { display: flex; gap: 0.5rem; align-items: flex-start; flex-wrap: wrap; }
    .copy-field code { flex: 1 1 14rem; display: block; padding: 0.45rem 0.6rem; border: 1px solid var(--line); border-radius: 6px; font-size: 0.88rem; min-width: 0; word-break: break-all; }
    .copy-status { font-size: 0.85rem; color: var(--ok); min-height: 1em; }
    .record { display: grid; grid-template-columns: minmax(6rem, max-content) 1fr; gap: 0.5rem 1rem; align-items: start; margin: 0.75rem 0 1rem; }
    .record dt { color: var(--muted); padding-top: 0.45rem; }
    .record dd { margin: 0; min-width: 0; }
    .sp-values { margin: 0 0 1rem; }
    .sp-value { margin: 0 0 0.9rem; }
    .sp-value .label { font-weight: 600; display: block; margin-bottom: 0.25rem; }
    .sp-value .help { margin: 0.25rem 0 0; }

    /* Forms */
    form { margin: 0 0 1rem; }
    form.inline { display: inline-block; margin: 0; }
    .field { margin: 0 0 1.1rem; }
    .field > label, .field > legend, .label-line { display: block; font-weight: 600; margin-bottom: 0.3rem; }
    .required-mark { color: var(--muted); font-weight: 400; font-size: 0.85rem; }
    .help, .example { color: var(--muted); font-size: 0.92rem; margin: 0.3rem 0 0; }
    .example code { font-size: 0.85rem; }
    input[type="text"], input[type="url"], input[type="email"], input[type="number"], select, textarea {
      width: 100%; max-width: 40rem; font: inherit; color: var(--fg); background: var(--bg);
      border: 1px solid #8c959f; border-radius: 6px; padding: 0.5rem 0.65rem; }
    textarea { min-height: 8rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85rem; max-width: none; }
    input[type="file"] { font: inherit; max-width: 100%; }
    input[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--bad); border-width: 2px; }
    fieldset { border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem 1rem 0.25rem; margin: 0 0 1.25rem; min-width: 0; }
    legend { font-weight: 600; padding: 0 0.35rem; }
    .choices { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0 0 1rem; border: 0; padding: 0; }
    .choices legend { padding: 0; margin-bottom: 0.4rem; }
    .choice { display: flex; gap: 0.5rem; align-items: flex-start; border: 1px solid var(--line); border-radius: 8px; padding: 0.6rem 0.8rem; flex: 1 1 12rem; cursor: pointer; }
    .choice:has(input:checked) { border-color: var(--accent); border-width: 2px; background: var(--info-bg); }
    .choice input { margin-top: 0.3rem; }
    .choice .summary { display: block; color: var(--muted); font-size: 0.88rem; font-weight: 400; }
    /* Modes: a radio per mode; the chosen mode's fields open below it (no script needed). */
    .modes { border: 0; padding: 0; margin: 0 0 1rem; }
    .modes > legend { padding: 0; margin-bottom: 0.5rem; }
    .mode { display: grid; grid-template-columns: auto minmax(0, 1fr); column-gap: 0.6rem; border: 1px solid var(--line); border-radius: 8px; margin: 0 0 0.6rem; background: var(--bg); }
    .mode:has(.mode-radio:checked) { border-color: var(--accent); }
    .mode-radio { margin: 0.95rem 0 0 0.9rem; width: 1.1rem; height: 1.1rem; }
    .mode-choice { padding: 0.7rem 0.9rem 0.7rem 0; cursor: pointer; font-weight: 600; }
    .mode-choice .summary { display: block; color: var(--muted); font-size: 0.9rem; font-weight: 400; }
    .mode-fields { display: none; grid-column: 1 / -1; padding: 0.25rem 0.9rem 0.25rem; border-top: 1px solid var(--line); }
    .mode-radio:checked ~ .mode-fields { display: block; }
    .upload { margin-top: 0.5rem; font-size: 0.92rem; }
    .upload label { font-weight: 400; }
    .issue { border-left: 4px solid var(--bad); background: var(--bad-bg); border-radius: 4px; padding: 0.5rem 0.75rem; margin: 0.5rem 0 0; font-size: 0.93rem; max-width: 40rem; }
    .issue-warning { border-left-color: var(--warn); background: var(--warn-bg); }
    .issue p { margin: 0 0 0.25rem; }
    .issue p:last-child { margin-bottom: 0; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin: 1rem 0; }
    .button, button { font: inherit; font-weight: 600; display: inline-flex; align-items: center; justify-content: center; gap: 0.4rem;
      min-height: 2.5rem; padding: 0.45rem 1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent);
      color: var(--accent-fg); cursor: pointer; text-decoration: none; }
    .button:hover, button:hover { background: var(--accent-hover); border-color: var(--accent-hover); }
    .button-secondary, button.button-secondary, button.copy { background: var(--bg); color: var(--fg); border-color: #8c959f; }
    .button-secondary:hover, button.button-secondary:hover, button.copy:hover { background: var(--panel); border-color: #6e7781; }
    .button-danger, button.button-danger { background: var(--bad); border-color: var(--bad); color: #ffffff; }
    .button-danger:hover, button.button-danger:hover { background: #8e1c13; border-color: #8e1c13; }
    button.copy { min-height: 2.15rem; padding: 0.3rem 0.75rem; font-weight: 500; font-size: 0.9rem; }
    button[disabled] { opacity: 0.55; cursor: not-allowed; }
    .danger-zone { border-color: var(--bad); }
    .switch-row { display: flex; gap: 0.5rem 0.75rem; align-items: flex-start; }
    .switch-row input[type="checkbox"] { flex: none; width: 1.2rem; height: 1.2rem; margin: 0.2rem 0 0; }
    .switch-row label { flex: 0 1 auto; }

    /* The connection page: each guide step beside the part of the form it explains */
    .guide-intro { max-width: 52rem; }
    .guide-row { display: grid; grid-template-columns: 1fr; gap: 0.75rem 2rem; padding: 1.25rem 0; border-top: 1px solid var(--line); }
    .guide-row:first-of-type { border-top: 0; }
    .guide-step h2 { margin-top: 0; font-size: 1.15rem; display: flex; gap: 0.5rem; align-items: baseline; }
    .guide-step h2 .step-number { color: var(--muted); font-weight: 600; }
    .guide-step .table-scroll table { font-size: 0.92rem; }
    .guide-step aside.callout { border-left: 4px solid var(--accent); background: var(--info-bg); border-radius: 6px; padding: 0.5rem 0.9rem; margin: 0 0 1rem; }
    .guide-step aside.callout > :last-child { margin-bottom: 0; }
    .guide-step details > summary { cursor: pointer; color: var(--link); margin-bottom: 0.5rem; }
    .guide-form { min-width: 0; }
    .guide-form .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
    .guide-form .panel > :last-child { margin-bottom: 0; }
    .guide-form .panel > :first-child, .sp-values > h3 { margin-top: 0; }
    .guide-form .panel fieldset.field { border: 0; padding: 0; margin: 0 0 1rem; }
    .guide-form .panel fieldset.field > legend { padding: 0; margin-bottom: 0.3rem; }
    @media (min-width: 960px) {
      .guide-row { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); align-items: start; }
    }
    .align-left { text-align: left; } .align-center { text-align: center; } .align-right { text-align: right; }

    /* Results */
    .result { border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 0 0 1.5rem; }
    .result-success { border-color: var(--ok); }
    .result-failed { border-color: var(--bad); }
    .failure { border-top: 1px solid var(--line); padding-top: 0.9rem; margin-top: 0.9rem; }
    .failure:first-of-type { border-top: 0; margin-top: 0; padding-top: 0; }
    .failure h2 { margin: 0 0 0.5rem; font-size: 1.1rem; }
    .failure h3 { font-size: 1rem; margin: 0.75rem 0 0.25rem; }
    .fix { background: var(--panel); border-radius: 6px; padding: 0.6rem 0.9rem; margin: 0.5rem 0; white-space: pre-line; }
    .check-list { list-style: none; padding: 0; }
    .check-list li { padding: 0.35rem 0 0.35rem 1.75rem; position: relative; }
    .check-list li::before { position: absolute; left: 0; font-weight: 700; }
    .check-list li.ok::before { content: "\2713"; color: var(--ok); }
    .check-list li.missing::before { content: "\2715"; color: var(--bad); }

    @media (max-width: 640px) {
      /* Tables become one labelled block per row: every cell says which column it is. */
      table.data thead { position: absolute; left: -9999px; }
      table.data, table.data tbody, table.data tr, table.data td { display: block; width: 100%; }
      table.data tr { border-bottom: 1px solid var(--line); padding: 0.6rem 0; }
      table.data td { border: 0; padding: 0.15rem 0; display: grid; grid-template-columns: 6.5rem minmax(0, 1fr); gap: 0.75rem; overflow-wrap: anywhere; }
      table.data td::before { content: attr(data-label); color: var(--muted); font-size: 0.9rem; }
      table.data td[data-label=""] { grid-template-columns: minmax(0, 1fr); }
      table.data td[data-label=""]::before { content: none; }
      nav.tabs { overflow: visible; }
      nav.tabs ul { flex-wrap: wrap; white-space: normal; gap: 0; }
      nav.tabs a { padding: 0.45rem 0.55rem; font-size: 0.95rem; }
    }
    @media (max-width: 600px) {
      h1 { font-size: 1.45rem; }
      .frame { padding-top: 1rem; }
      dl.facts, .record { grid-template-columns: 1fr; gap: 0.15rem; }
      dl.facts dd, .record dd { margin-bottom: 0.5rem; }
      .record dt { padding-top: 0; }
      .card { padding: 0.85rem 1rem; }
      th, td { padding: 0.45rem 0.4rem; font-size: 0.92rem; }
    }

    """#
}
