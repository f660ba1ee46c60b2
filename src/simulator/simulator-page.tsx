/**
 * `/simulator`: a LINE-like web chat for meeting the bot without a LINE account. Up to three chat
 * panes side by side (one per screen on a phone), each chatting as its own user: a citizen, a staff
 * member of a unit, an executive… Flex cards are drawn by `flex-render.ts` on the server; the browser
 * script (`simulator-client.ts`) sends what the person does and polls the transcript.
 *
 * Test ids (for end-to-end tests): page — `add-pane`, `demo-setup`, `panes`; each pane is
 * `pane-1`…`pane-3` and holds `user-picker`, `role-badge`, `new-user-toggle`, `new-user-form`,
 * `new-user-name`, `new-user-role`, `new-user-unit`, `new-user-follow`, `new-user-submit`,
 * `new-user-error`, `follow-button`, `block-button`, `close-pane`, `blocked-banner`, `chat-log`,
 * `message` (with `data-from` user|bot and `data-type`), `quick-replies`, `quick-reply` and
 * `flex-button` (each with `data-label`), `text-input`, `send-button`, `photo-button`,
 * `photo-input`, `location-button`, `location-menu`, `location-option` (`data-label`),
 * `sticker-button`, `pane-status`, `date-picker` (a datetimepicker action: `date-input`, `date-send`),
 * and the rich menu: `rich-menu` (with `data-rich-menu-id`), `menu-area`
 * (each with `data-label` and `data-action`), `menu-bar` (LINE's chat bar, opens and closes the menu).
 */
import { ROLE_LABELS, ROLES } from "../domain/roles";
import { FLEX_CSS } from "./flex-render";
import { SIMULATOR_SCRIPT } from "./simulator-client";

/** Places a simulated user can send as a LINE location message. */
export const SIMULATOR_PLACES = [
  { title: "ที่ว่าการอำเภอ", address: "ถนนมหาดไทย ตำบลในเมือง", latitude: 14.97066, longitude: 102.10196 },
  { title: "ตลาดสด", address: "ตลาดสดเทศบาล ถนนจอมพล", latitude: 14.97412, longitude: 102.09554 },
  { title: "โรงเรียน", address: "โรงเรียนบ้านหนองไผ่ หมู่ 3", latitude: 14.98532, longitude: 102.11087 },
  { title: "วัด", address: "วัดกลาง หมู่ 1", latitude: 14.97795, longitude: 102.09871 },
  {
    title: "โรงพยาบาลส่งเสริมสุขภาพตำบล",
    address: "รพ.สต.บ้านโคก หมู่ 5",
    latitude: 14.99104,
    longitude: 102.12233,
  },
] as const;

const svg = (paths: string, size = 20) =>
  `<svg viewBox="0 0 24 24" width="${size}" height="${size}" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${paths}</svg>`;

/** Drawn icons (a machine without an emoji font shows emoji as empty boxes). */
const ICONS = {
  camera: svg('<path d="M4 8h3l2-3h6l2 3h3v11H4z"/><circle cx="12" cy="13" r="3.5"/>'),
  location: svg(
    '<path d="M12 21s-7-6.2-7-11a7 7 0 0 1 14 0c0 4.8-7 11-7 11z"/><circle cx="12" cy="10" r="2.5"/>',
  ),
  sticker: svg('<circle cx="12" cy="12" r="9"/><path d="M8.5 14.5a4.5 4.5 0 0 0 7 0M9 9.5h.01M15 9.5h.01"/>'),
  image: svg(
    '<rect x="3" y="5" width="18" height="14" rx="2"/><circle cx="8.5" cy="10" r="1.5"/><path d="M21 16l-5-5-9 8"/>',
  ),
  link: svg(
    '<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>',
  ),
  bigSticker: svg(
    '<circle cx="12" cy="12" r="9" fill="#FFD54F" stroke="#8D6E00"/><path d="M8.5 14.5a4.5 4.5 0 0 0 7 0M9 9.5h.01M15 9.5h.01" stroke="#5D4037"/>',
    72,
  ),
};

const CLIENT_CONFIG = {
  botName: "โปร่งใส (บอท)",
  roleLabels: ROLE_LABELS,
  places: SIMULATOR_PLACES,
  actionLabels: { location: "ส่งตำแหน่ง", camera: "กล้อง", cameraRoll: "รูปภาพ", uri: "เปิดลิงก์" },
  actionIcons: { location: ICONS.location, camera: ICONS.camera, cameraRoll: ICONS.image, uri: ICONS.link },
  icons: ICONS,
  demo: { citizen: "สมหญิง ใจดี", staff: "สมชาย ช่างดี", executive: "นายกฯ ทดสอบ", unitName: "กองช่าง" },
};

/** JSON inside a `<script>`: `<` escaped so no text can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

const PAGE_CSS = `
*{box-sizing:border-box}
html,body{height:100%}
body{margin:0;font-family:"Noto Sans Thai","Sarabun","Leelawadee UI",Tahoma,system-ui,sans-serif;background:#e9edf2;color:#111;display:flex;flex-direction:column;height:100dvh}
button,input,select{font:inherit}
.topbar{background:#06c755;color:#fff;padding:8px 12px;display:flex;gap:8px 12px;align-items:center;flex-wrap:wrap}
.topbar h1{font-size:17px;margin:0}
.topbar p{margin:0;font-size:13px;opacity:.9;flex:1 1 240px}
.topbar button{border:1px solid #fff;background:#fff;color:#06a046;border-radius:16px;padding:5px 12px;cursor:pointer;font-weight:600}
.topbar button.ghost{background:transparent;color:#fff}
.topbar button:disabled{opacity:.5;cursor:default}
#panes{flex:1;min-height:0;display:flex;gap:8px;padding:8px;overflow-x:auto;scroll-snap-type:x mandatory}
.pane{flex:1 0 340px;max-width:560px;min-width:0;display:flex;flex-direction:column;background:#8cabd9;border-radius:12px;overflow:hidden;scroll-snap-align:start;position:relative;box-shadow:0 1px 3px #0003}
.pane:first-child{margin-inline-start:auto}
.pane:last-child{margin-inline-end:auto}
.pane-head{background:#2c3548;color:#fff;padding:8px 10px;display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.pane-head label{display:flex;align-items:center;gap:6px;flex:1 1 150px;min-width:0;font-size:13px}
.pane-head select{flex:1;min-width:0;padding:5px 6px;border-radius:6px;border:0}
.pane-head button{background:#3d4860;color:#fff;border:0;border-radius:6px;padding:5px 8px;cursor:pointer;font-size:13px;white-space:nowrap}
.pane-head button:hover{background:#4b5875}
.role-badge{font-size:12px;background:#06c755;color:#fff;border-radius:10px;padding:1px 8px}
.role-badge:empty{display:none}
.new-user{background:#fff;padding:10px;display:grid;gap:8px;grid-template-columns:minmax(0,1fr) minmax(0,1fr);border-bottom:1px solid #d0d5dd}
.new-user[hidden],.unit-field[hidden]{display:none}
.new-user label{display:flex;flex-direction:column;font-size:12px;color:#475467;gap:2px}
.new-user input[type=text],.new-user select{width:100%;min-width:0;padding:6px 8px;border:1px solid #d0d5dd;border-radius:6px;color:#111}
.new-user .wide{grid-column:1/-1}
.new-user .check{flex-direction:row;align-items:center;gap:6px}
.new-user button{background:#06c755;color:#fff;border:0;border-radius:6px;padding:8px;cursor:pointer;font-weight:600}
.new-user .error{color:#b42318;font-size:13px}
.new-user .error:empty{display:none}
.banner{background:#fef3c7;color:#7a4b00;font-size:13px;padding:6px 10px}
.log{flex:1;min-height:0;overflow-y:auto;padding:10px 8px 4px;display:flex;flex-direction:column;gap:6px}
.empty-hint{margin:auto;text-align:center;color:#fff;font-size:14px;padding:20px;text-shadow:0 1px 2px #0004}
.log .empty-hint:not(:only-child){display:none}
.row{display:flex;align-items:flex-end;gap:6px;max-width:100%}
.row.user{justify-content:flex-end}
.row.bot{align-items:flex-start}
.row.note{justify-content:center}
.row.note span{background:#0000002e;color:#fff;font-size:12px;border-radius:10px;padding:2px 10px}
.avatar{flex:none;width:34px;height:34px;border-radius:50%;background:#06c755;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:700;visibility:hidden}
.row.first .avatar{visibility:visible}
.bot-col{display:flex;flex-direction:column;align-items:flex-start;gap:2px;min-width:0;max-width:calc(100% - 40px)}
.row.wide .bot-col{flex:1}
.bot-name{font-size:12px;color:#fff}
.bubble{max-width:100%;padding:8px 12px;border-radius:18px;white-space:pre-wrap;overflow-wrap:anywhere;font-size:15px;line-height:1.45;background:#fff}
.row.user .bubble{background:#8de055;max-width:78%}
.row.user .time{order:-1}
.bubble.photo{padding:3px;background:#fff!important}
.bubble.photo img{display:block;max-width:200px;max-height:240px;border-radius:14px}
.bubble.photo.broken{padding:8px 12px;color:#475467}
.bubble.location strong{display:block}
.bubble.location small{color:#475467}
.bubble.other{color:#475467}
.sticker{line-height:0}
.place strong,.bubble.location strong{display:flex;align-items:center;gap:4px}
.pill-icon{display:flex;color:#06a046}
.time{font-size:11px;color:#f1f4f9;white-space:nowrap}
.undelivered .bubble,.undelivered .flex-msg{opacity:.45}
.flex-msg{max-width:100%}
.flex-msg.carousel-msg{width:100%}
.quick{display:flex;gap:6px;overflow-x:auto;padding:6px 8px;background:#8cabd9}
.quick[hidden]{display:none}
.pill{flex:none;display:flex;align-items:center;gap:4px;background:#fff;color:#111;border:1px solid #fff;border-radius:18px;padding:6px 12px;cursor:pointer;font-size:14px;box-shadow:0 1px 2px #0002}
.pill:hover{border-color:#06c755}
.pill img{width:20px;height:20px;border-radius:50%}
.composer{display:flex;gap:6px;align-items:center;background:#fff;padding:6px 8px;border-top:1px solid #d0d5dd}
.composer input[type=text]{flex:1;min-width:0;padding:8px 12px;border:1px solid #d0d5dd;border-radius:18px;background:#f2f4f7}
.icon-btn{flex:none;width:36px;height:36px;border:0;border-radius:50%;background:#f2f4f7;cursor:pointer;font-size:18px;display:flex;align-items:center;justify-content:center}
.icon-btn:hover{background:#e4e7ec}
.send{flex:none;border:0;border-radius:18px;background:#06c755;color:#fff;padding:8px 14px;cursor:pointer;font-weight:600}
.send:disabled,.composer input:disabled{opacity:.5;cursor:default}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.places{position:absolute;left:8px;right:8px;bottom:56px;background:#fff;border-radius:12px;box-shadow:0 4px 16px #0004;padding:6px;display:flex;flex-direction:column;gap:2px;z-index:5}
.places[hidden]{display:none}
.place{text-align:start;border:0;background:none;padding:8px 10px;border-radius:8px;cursor:pointer;display:flex;flex-direction:column}
.place:hover,.place:focus{background:#f2f4f7}
.place small{color:#667085}
.place.cancel{align-items:center;color:#b42318}
.richmenu{background:#fff;border-top:1px solid #d0d5dd}
.richmenu[hidden],.richmenu-board[hidden]{display:none}
.richmenu-board{position:relative;line-height:0;background:#f2f4f7}
.richmenu-board img{display:block;width:100%;height:auto}
.menu-area{position:absolute;border:0;margin:0;padding:0;background:transparent;cursor:pointer}
.menu-area:hover,.menu-area:focus-visible{background:#06c75522;outline:2px solid #06c755;outline-offset:-2px}
.chatbar{display:flex;align-items:center;justify-content:center;gap:4px;width:100%;border:0;border-top:1px solid #e4e7ec;background:#fff;padding:6px;font-size:13px;color:#344054;cursor:pointer}
.chatbar:hover{background:#f2f4f7}
.status{position:absolute;left:50%;transform:translateX(-50%);bottom:64px;background:#111c;color:#fff;padding:6px 12px;border-radius:14px;font-size:13px;z-index:6;max-width:90%}
.status[hidden]{display:none}
@media (max-width:640px){
  #panes{padding:0;gap:0}
  .pane{flex:0 0 100%;max-width:none;border-radius:0}
  .topbar p{display:none}
}
`;

function Pane() {
  return (
    <section class="pane no-user" data-testid="pane-N" aria-label="ช่องแชต">
      <div class="pane-head">
        <label>
          <span class="visually-hidden">ผู้ใช้</span>
          <select data-testid="user-picker" aria-label="เลือกผู้ใช้ที่จะคุยในช่องนี้" />
        </label>
        <span class="role-badge" data-testid="role-badge" />
        <button type="button" data-testid="new-user-toggle">
          + ผู้ใช้ใหม่
        </button>
        <button type="button" data-testid="follow-button" title="ส่งเหตุการณ์ follow">
          เพิ่มเพื่อน
        </button>
        <button type="button" data-testid="block-button" title="ส่งเหตุการณ์ unfollow">
          บล็อก
        </button>
        <button type="button" data-testid="close-pane" aria-label="ปิดช่องแชตนี้" hidden>
          ✕
        </button>
      </div>
      <form class="new-user" data-testid="new-user-form" hidden aria-label="สร้างผู้ใช้ใหม่">
        <label class="wide">
          ชื่อที่แสดงใน LINE
          <input type="text" data-testid="new-user-name" maxlength={40} placeholder="เช่น สมหญิง ใจดี" />
        </label>
        <label>
          บทบาท
          <select data-testid="new-user-role">
            {ROLES.map((role) => (
              <option value={role}>{ROLE_LABELS[role]}</option>
            ))}
          </select>
        </label>
        <label class="unit-field" data-testid="new-user-unit-field" hidden>
          หน่วยงาน
          <select data-testid="new-user-unit" />
        </label>
        <label class="check wide">
          <input type="checkbox" data-testid="new-user-follow" checked />
          เพิ่มเพื่อนทันที (รับข้อความต้อนรับ)
        </label>
        <button type="submit" class="wide" data-testid="new-user-submit">
          สร้างผู้ใช้
        </button>
        <p class="error wide" data-testid="new-user-error" role="alert" />
      </form>
      <div class="banner" data-testid="blocked-banner" hidden>
        ผู้ใช้นี้บล็อกบัญชีอยู่ กด "เลิกบล็อก" เพื่อคุยต่อ
      </div>
      <div class="log" data-testid="chat-log" role="log" aria-live="polite" aria-label="ข้อความในแชต">
        <p class="empty-hint">เลือกผู้ใช้ หรือกด "+ ผู้ใช้ใหม่" แล้วพิมพ์ "เมนู" เพื่อเริ่มคุยกับบอท</p>
      </div>
      <div class="quick" data-testid="quick-replies" role="toolbar" aria-label="ตัวเลือกตอบกลับด่วน" hidden />
      <div class="places" data-testid="location-menu" role="menu" aria-label="เลือกตำแหน่งที่จะส่ง" hidden />
      <div class="places" data-testid="date-picker" role="dialog" aria-label="เลือกวันที่" hidden>
        <input type="date" data-testid="date-input" aria-label="วันที่" />
        <button type="button" class="place" data-testid="date-send">
          ส่งวันที่
        </button>
      </div>
      <div class="status" data-testid="pane-status" role="status" hidden />
      <form class="composer" data-testid="composer">
        <button
          type="button"
          class="icon-btn"
          data-testid="photo-button"
          aria-label="ส่งรูปภาพ"
          title="ส่งรูปภาพ"
          dangerouslySetInnerHTML={{ __html: ICONS.camera }}
        />
        <input
          type="file"
          accept="image/*"
          class="visually-hidden"
          data-testid="photo-input"
          aria-label="เลือกรูปภาพที่จะส่ง"
          tabindex={-1}
        />
        <button
          type="button"
          class="icon-btn"
          data-testid="location-button"
          aria-label="ส่งตำแหน่ง"
          title="ส่งตำแหน่ง"
          dangerouslySetInnerHTML={{ __html: ICONS.location }}
        />
        <button
          type="button"
          class="icon-btn"
          data-testid="sticker-button"
          aria-label="ส่งสติกเกอร์"
          title="ส่งสติกเกอร์"
          dangerouslySetInnerHTML={{ __html: ICONS.sticker }}
        />
        <input
          type="text"
          data-testid="text-input"
          aria-label="พิมพ์ข้อความ"
          placeholder="พิมพ์ข้อความ"
          maxlength={5000}
          autocomplete="off"
          disabled
        />
        <button type="submit" class="send" data-testid="send-button" disabled>
          ส่ง
        </button>
      </form>
      <div class="richmenu" data-testid="rich-menu" hidden>
        <div class="richmenu-board" data-testid="rich-menu-board" role="toolbar" aria-label="ริชเมนู" />
        <button type="button" class="chatbar" data-testid="menu-bar" aria-expanded="true" />
      </div>
    </section>
  );
}

function SimulatorPage() {
  return (
    <html lang="th">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Prongsai · ตัวจำลอง LINE</title>
        <link rel="icon" href="data:," />
        <style dangerouslySetInnerHTML={{ __html: PAGE_CSS + FLEX_CSS }} />
      </head>
      <body>
        <header class="topbar">
          <h1>Prongsai · ตัวจำลอง LINE</h1>
          <p>คุยกับบอทในฐานะประชาชน เจ้าหน้าที่ หรือผู้บริหาร ได้โดยไม่ต้องมีบัญชี LINE</p>
          <button type="button" data-testid="demo-setup" id="demo-setup">
            ตัวอย่าง 3 บทบาท
          </button>
          <button type="button" class="ghost" data-testid="add-pane" id="add-pane">
            + เพิ่มช่องแชต
          </button>
        </header>
        <main id="panes" data-testid="panes" aria-label="ช่องแชต" />
        <template id="pane-template">
          <Pane />
        </template>
        <script
          id="sim-config"
          type="application/json"
          dangerouslySetInnerHTML={{ __html: scriptJson(CLIENT_CONFIG) }}
        />
        <script dangerouslySetInnerHTML={{ __html: SIMULATOR_SCRIPT }} />
      </body>
    </html>
  );
}

/** The whole page as HTML. */
export function simulatorPage(): string {
  return `<!doctype html>${(<SimulatorPage />).toString()}`;
}
