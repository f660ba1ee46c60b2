/**
 * The simulator's page: plain HTML and a little script. Flex is drawn readably (boxes, texts,
 * buttons); a faithful LINE renderer comes later.
 */
export const SIMULATOR_PAGE = `<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Prongsai · ตัวจำลอง LINE</title>
<style>
  body { font-family: system-ui, "Sarabun", sans-serif; margin: 0; background: #8cabd9; }
  header { background: #06c755; color: #fff; padding: 10px 14px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 16px; margin: 0 12px 0 0; }
  select, input, button { font: inherit; padding: 6px 8px; border-radius: 6px; border: 1px solid #ccc; }
  button { cursor: pointer; background: #fff; }
  #chat { max-width: 640px; margin: 0 auto; padding: 12px; min-height: calc(100vh - 150px); }
  .row { display: flex; margin: 8px 0; }
  .row.user { justify-content: flex-end; }
  .bubble { max-width: 80%; padding: 8px 12px; border-radius: 16px; white-space: pre-wrap; word-break: break-word; }
  .user .bubble { background: #06c755; color: #fff; }
  .bot .bubble { background: #fff; }
  .flex { background: #fff; border-radius: 12px; overflow: hidden; max-width: 320px; }
  .flex .box { display: flex; flex-direction: column; gap: 4px; padding: 2px 0; }
  .flex .box.horizontal, .flex .box.baseline { flex-direction: row; }
  .flex .part { padding: 10px 12px; }
  .flex .btn { display: block; width: 100%; margin: 2px 0; }
  .flex .btn.primary { background: #0B7A4B; color: #fff; border: 0; }
  .flex hr { border: 0; border-top: 1px solid #e5e7eb; margin: 4px 0; width: 100%; }
  .quick { display: flex; gap: 6px; flex-wrap: wrap; margin: 4px 0 12px; justify-content: flex-end; }
  .quick button { border-radius: 16px; border-color: #06c755; color: #06c755; }
  footer { position: sticky; bottom: 0; background: #fff; padding: 8px; display: flex; gap: 6px; }
  footer input { flex: 1; }
  .note { color: #555; font-size: 12px; text-align: center; }
</style>
</head>
<body>
<header>
  <h1>Prongsai · ตัวจำลอง LINE</h1>
  <label>ผู้ใช้ <select id="user"></select></label>
  <input id="newName" placeholder="ชื่อผู้ใช้ใหม่" maxlength="40">
  <button id="add">เพิ่มผู้ใช้</button>
  <button id="follow">เพิ่มเพื่อน</button>
  <button id="unfollow">บล็อก</button>
  <button id="place">ส่งตำแหน่ง (ตัวอย่าง)</button>
</header>
<div id="chat"><p class="note">เพิ่มผู้ใช้ แล้วกด "เพิ่มเพื่อน" หรือพิมพ์ "เมนู"</p></div>
<footer><input id="text" placeholder="พิมพ์ข้อความ" maxlength="5000"><button id="send">ส่ง</button></footer>
<script>
const $ = (id) => document.getElementById(id);
let after = 0;
let quick = null;
async function api(path, body) {
  const res = await fetch("/simulator/api/" + path, body ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : undefined);
  return res.json();
}
async function loadUsers(select) {
  const { items } = await api("users");
  const user = $("user");
  user.innerHTML = "";
  for (const u of items) user.add(new Option(u.name + " (" + u.id.slice(0, 9) + "…)", u.id));
  if (select) user.value = select;
  reset();
}
function reset() { after = 0; $("chat").innerHTML = ""; poll(); }
function send(action) { const userId = $("user").value; if (userId) return api("send", { userId, action }).then(poll); }
function act(action) {
  if (!action) return;
  if (action.type === "message") send({ type: "text", text: action.text });
  else if (action.type === "postback") send({ type: "postback", data: action.data });
  else if (action.type === "uri") window.open(action.uri, "_blank");
  else if (action.type === "location") send({ type: "location", latitude: 13.7563, longitude: 100.5018, address: "ศาลาว่าการ" });
}
function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
function flexNode(c) {
  if (!c) return el("span");
  switch (c.type) {
    case "bubble": {
      const b = el("div", "flex");
      for (const part of ["header", "hero", "body", "footer"]) if (c[part]) { const p = el("div", "part"); p.appendChild(flexNode(c[part])); b.appendChild(p); }
      return b;
    }
    case "carousel": { const d = el("div", "box horizontal"); d.style.overflowX = "auto"; for (const b of c.contents) d.appendChild(flexNode(b)); return d; }
    case "box": {
      const d = el("div", "box " + c.layout);
      if (c.backgroundColor) { d.style.background = c.backgroundColor; d.style.padding = "8px"; }
      for (const x of c.contents || []) d.appendChild(flexNode(x));
      return d;
    }
    case "text": {
      const t = el("div", null, c.text ?? (c.contents || []).map((s) => s.text).join(""));
      if (c.color) t.style.color = c.color;
      if (c.weight === "bold") t.style.fontWeight = "bold";
      return t;
    }
    case "button": { const b = el("button", "btn " + (c.style || ""), c.action.label); b.onclick = () => act(c.action); return b; }
    case "separator": return el("hr");
    case "image": { const i = el("img"); i.src = c.url; i.style.maxWidth = "100%"; return i; }
    default: return el("span");
  }
}
function render(entry) {
  for (const m of entry.messages) {
    const row = el("div", "row " + entry.from);
    if (entry.from === "user") {
      const shown = { follow: "(เพิ่มเพื่อน)", unfollow: "(บล็อก)", sticker: "(สติกเกอร์)", location: "(ส่งตำแหน่ง)" };
      row.appendChild(el("div", "bubble", m.type === "text" ? m.text : m.type === "postback" ? "(กดปุ่ม) " + m.data : shown[m.type] || "(" + m.type + ")"));
    } else if (m.type === "text") row.appendChild(el("div", "bubble", m.text));
    else if (m.type === "flex") row.appendChild(flexNode(m.contents));
    else row.appendChild(el("div", "bubble", "[" + m.type + "]"));
    $("chat").appendChild(row);
    if (entry.from === "bot") quick = m.quickReply || null;
  }
}
function renderQuick() {
  document.querySelectorAll(".quick").forEach((q) => q.remove());
  if (!quick) return;
  const q = el("div", "quick");
  for (const item of quick.items) { const b = el("button", null, item.action.label || "ส่งตำแหน่ง"); b.onclick = () => act(item.action); q.appendChild(b); }
  $("chat").appendChild(q);
}
async function poll() {
  const userId = $("user").value;
  if (!userId) return;
  const { items } = await api("transcript?userId=" + encodeURIComponent(userId) + "&after=" + after);
  if (items.length) { for (const e of items) { render(e); after = e.seq; } renderQuick(); window.scrollTo(0, document.body.scrollHeight); }
}
$("add").onclick = async () => { const u = await api("users", { name: $("newName").value }); $("newName").value = ""; loadUsers(u.id); };
$("user").onchange = reset;
$("follow").onclick = () => send({ type: "follow" });
$("unfollow").onclick = () => send({ type: "unfollow" });
$("place").onclick = () => send({ type: "location", latitude: 13.7563, longitude: 100.5018, address: "ศาลาว่าการ" });
$("send").onclick = () => { const text = $("text").value.trim(); if (text) { $("text").value = ""; send({ type: "text", text }); } };
$("text").addEventListener("keydown", (e) => { if (e.key === "Enter") $("send").click(); });
setInterval(poll, 1000);
loadUsers();
</script>
</body>
</html>`;
