/**
 * The console's one stylesheet, served from `/admin/assets/console.css` (the CSP allows styles from
 * the console's own origin only, no inline ones). Phone first: one column, tables scroll sideways.
 */
export const CONSOLE_CSS = `
:root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --brand: #0f766e; --brand-ink: #fff;
  --bad: #b91c1c; --bad-bg: #fef2f2; --ok: #166534; --ok-bg: #f0fdf4; --warn: #92400e; --warn-bg: #fffbeb; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.55 "Sarabun", "Noto Sans Thai", "Leelawadee UI", Tahoma, sans-serif;
  color: var(--ink); background: #f8fafc; }
a { color: var(--brand); }
header.top { background: var(--brand); color: var(--brand-ink); padding: .6rem 1rem; }
header.top .row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; justify-content: space-between; }
header.top .org { font-weight: 600; }
header.top .who { font-size: .9rem; opacity: .9; }
header.top form { display: inline; margin: 0; }
header.top button { background: transparent; color: var(--brand-ink); border: 1px solid rgba(255,255,255,.6);
  padding: .25rem .7rem; border-radius: .4rem; font: inherit; font-size: .9rem; cursor: pointer; }
nav.main { display: flex; gap: .25rem; overflow-x: auto; padding: .4rem .5rem; background: #fff;
  border-bottom: 1px solid var(--line); white-space: nowrap; }
nav.main a { padding: .35rem .7rem; border-radius: 1rem; text-decoration: none; color: var(--ink); font-size: .95rem; }
nav.main a.active { background: var(--brand); color: var(--brand-ink); }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.35rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .6rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: .8rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: .6rem; padding: .9rem 1rem; }
.card h2, .card h3 { margin-top: 0; font-size: 1.05rem; }
.figure { font-size: 1.6rem; font-weight: 700; }
.muted { color: var(--muted); font-size: .9rem; }
.alert { color: var(--bad); font-weight: 600; }
.notice { padding: .7rem 1rem; border-radius: .5rem; margin: 0 0 1rem; }
.notice.ok { background: var(--ok-bg); color: var(--ok); }
.notice.bad { background: var(--bad-bg); color: var(--bad); }
.notice.warn { background: var(--warn-bg); color: var(--warn); }
.notice ul { margin: .3rem 0 0; padding-left: 1.2rem; }
.table-wrap { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: .6rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; padding: .5rem .6rem; border-bottom: 1px solid var(--line); }
th { background: #f1f5f9; font-weight: 600; white-space: nowrap; }
tr:last-child td { border-bottom: 0; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: .8rem; font-size: .8rem;
  background: #e2e8f0; white-space: nowrap; }
.badge.bad { background: var(--bad-bg); color: var(--bad); }
.badge.ok { background: var(--ok-bg); color: var(--ok); }
.badge.warn { background: var(--warn-bg); color: var(--warn); }
.nowrap { white-space: nowrap; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
form.stack { display: grid; gap: .7rem; max-width: 34rem; }
form.inline { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; }
form.inline label { flex: 1 1 9rem; }
label { display: grid; gap: .2rem; font-size: .95rem; }
label.check { display: flex; gap: .4rem; align-items: center; }
.field-error { color: var(--bad); font-size: .85rem; }
input, select, textarea { font: inherit; padding: .45rem .55rem; border: 1px solid #cbd5e1; border-radius: .4rem;
  background: #fff; width: 100%; min-width: 0; }
input[type=checkbox] { width: auto; }
textarea { min-height: 6rem; }
button, .button { font: inherit; padding: .5rem 1rem; border: 0; border-radius: .4rem; background: var(--brand);
  color: var(--brand-ink); cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary { background: #e2e8f0; color: var(--ink); }
.photos { display: flex; flex-wrap: wrap; gap: .5rem; }
.photos img { width: 9rem; height: 9rem; object-fit: cover; border-radius: .4rem; border: 1px solid var(--line); }
ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
ol.timeline li { padding: 0 0 1rem 1rem; position: relative; }
ol.timeline li::before { content: ""; position: absolute; left: -.5rem; top: .4rem; width: .7rem; height: .7rem;
  border-radius: 50%; background: var(--brand); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.code { font-family: ui-monospace, monospace; font-size: 1.6rem; letter-spacing: .1rem; }
progress { width: 6rem; }
.sign-in { max-width: 26rem; margin: 2rem auto; }
.pager { margin-top: 1rem; }
@media (max-width: 40rem) {
  main { padding: .7rem; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .4rem; }
}
`;
