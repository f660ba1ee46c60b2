/**
 * The transparency page's only stylesheet, inlined (the page loads nothing else and renders offline).
 * Fonts are the reader's own: Thai faces first as each platform names them, then any sans-serif.
 * The CSP allows this exact text by its SHA-256 hash, so keep it a constant.
 */
export const TRANSPARENCY_CSS = `
:root { --ink: #1C2B3A; --muted: #5B6B7B; --line: #D5DCE4; --soft: #F3F6F9; --brand: #1F4F86; --ok: #2E9E6B; --warn: #B26A00; --bad: #B3261E; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.6 "Noto Sans Thai", Sarabun, "Leelawadee UI", Tahoma, Thonburi, Loma, Garuda, sans-serif; }
a { color: var(--brand); }
.page { max-width: 960px; margin: 0 auto; padding: 16px; }
header.top { border-bottom: 3px solid var(--brand); padding-bottom: 12px; margin-bottom: 8px; }
.org { margin: 0; color: var(--muted); font-size: 15px; }
h1 { margin: 2px 0 4px; font-size: 24px; line-height: 1.35; }
h2 { margin: 32px 0 8px; font-size: 21px; line-height: 1.4; border-left: 5px solid var(--brand); padding-left: 10px; }
h3 { margin: 20px 0 6px; font-size: 17px; }
p { margin: 6px 0; }
.meta { margin: 4px 0 0; color: var(--muted); font-size: 14px; }
.years { display: flex; flex-wrap: wrap; gap: 6px; margin: 10px 0 0; padding: 0; list-style: none; font-size: 14px; }
.years a, .years strong { display: inline-block; padding: 2px 10px; border: 1px solid var(--line); border-radius: 14px; text-decoration: none; }
.years strong { background: var(--brand); border-color: var(--brand); color: #fff; }
nav.toc ol { margin: 8px 0 0; padding-left: 22px; }
.note { color: var(--muted); font-size: 14px; }
.oa { display: flex; flex-wrap: wrap; align-items: center; gap: 12px 20px; margin: 12px 0; padding: 12px; border: 1px solid var(--line); border-radius: 10px; background: var(--soft); }
.oa-qr svg { display: block; width: 160px; height: 160px; }
.add-friend { display: inline-block; padding: 6px 16px; border-radius: 18px; background: #06C755; color: #fff; font-weight: 600; text-decoration: none; }
ol.steps { padding-left: 22px; }
ol.steps li { margin: 4px 0; }
.keyword { display: inline-block; padding: 0 8px; border-radius: 6px; background: #E6F6EC; color: #0B5F36; font-weight: 600; }
.tracks { display: grid; grid-template-columns: 1fr; gap: 12px; margin: 10px 0; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; background: #fff; break-inside: avoid; }
.card h3 { margin-top: 0; }
.protect { border-color: #E7C98B; background: #FFF9EC; }
.protect ul { margin: 6px 0 0; padding-left: 20px; }
.table-wrap { overflow-x: auto; margin: 8px 0; }
table { width: 100%; border-collapse: collapse; font-size: 15px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px; text-align: left; vertical-align: top; }
thead th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
caption { text-align: left; font-weight: 600; font-size: 17px; padding: 12px 0 6px; }
tr.total td, tr.total th { font-weight: 700; }
ol.status-steps { list-style: none; margin: 8px 0; padding: 0; counter-reset: step; }
ol.status-steps li { position: relative; padding: 2px 0 10px 40px; counter-increment: step; }
ol.status-steps li::before { content: counter(step); position: absolute; left: 0; top: 2px; width: 28px; height: 28px; border-radius: 50%; background: var(--brand); color: #fff; text-align: center; line-height: 28px; font-weight: 700; font-size: 14px; }
.figures { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 10px; margin: 10px 0; }
.figure { border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px; background: var(--soft); break-inside: avoid; }
.figure b { display: block; font-size: 26px; line-height: 1.2; font-variant-numeric: tabular-nums; }
.figure span { color: var(--muted); font-size: 14px; }
figure.chart-box { margin: 12px 0; padding: 12px; border: 1px solid var(--line); border-radius: 10px; break-inside: avoid; }
figure.chart-box figcaption { font-weight: 600; margin-bottom: 6px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 0 0 6px; padding: 0; list-style: none; font-size: 14px; color: var(--muted); }
.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.legend .received { background: #1F4F86; } .legend .resolved { background: #2E9E6B; }
svg.chart { display: block; overflow: visible; }
.chart-label { font-size: 13px; fill: #1C2B3A; }
.chart-value { font-size: 12px; fill: #1C2B3A; font-variant-numeric: tabular-nums; }
ol.measures { list-style: none; margin: 8px 0; padding: 0; }
ol.measures li { border-bottom: 1px solid var(--line); padding: 10px 0; break-inside: avoid; }
.measure-title { font-weight: 600; }
.measure-meta { color: var(--muted); font-size: 14px; }
.measure-state { display: grid; grid-template-columns: 11.5em minmax(0, 1fr) 3.2em; align-items: center; gap: 10px; max-width: 640px; margin-top: 4px; font-size: 14px; }
.measure-state .badge { justify-self: start; }
.measure-state b { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 13px; white-space: nowrap; border: 1px solid currentColor; }
.badge.done { color: #1E7A52; } .badge.in_progress { color: var(--brand); } .badge.not_started { color: var(--muted); } .badge.cannot_do { color: var(--bad); }
footer.bottom { margin-top: 36px; padding-top: 12px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
@media (max-width: 480px) {
  table { font-size: 14px; }
}
@media (min-width: 720px) {
  .page { padding: 24px 32px; }
  th, td { padding: 6px 8px; }
  h1 { font-size: 30px; }
  .tracks { grid-template-columns: 1fr 1fr; }
  .figures { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  .figures.five { grid-template-columns: repeat(5, minmax(0, 1fr)); }
  .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 0 16px; align-items: start; }
}
@media print {
  @page { size: A4; margin: 14mm; }
  body { font-size: 12pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3, caption { break-after: avoid; }
  .page { max-width: none; padding: 0; }
  nav.toc, .years { display: none; }
  a { color: inherit; text-decoration: none; }
  .table-wrap { overflow: visible; }
  tr { break-inside: avoid; }
}
`;
