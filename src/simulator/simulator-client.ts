/**
 * The simulator page's browser script, as text (it runs in the browser, not here). Plain ES2017 with
 * no template literals, so it sits in a TypeScript string as is. It talks to `/simulator/api/*`:
 * users, units, send, photo, transcript (polled every second per chat pane).
 */
export const SIMULATOR_SCRIPT = String.raw`
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("sim-config").textContent);
  var MAX_PANES = 3;
  var STORAGE_KEY = "prongsai-simulator-panes";
  var state = { users: [], units: [], panes: [] };

  function byId(id) { return document.getElementById(id); }
  function q(root, testid) { return root.querySelector('[data-testid="' + testid + '"]'); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  /** A constant SVG icon from the page beside a text (the text is set as text, never as HTML). */
  function iconText(svg, text) {
    var node = el("strong");
    node.innerHTML = svg;
    node.appendChild(document.createTextNode(text));
    return node;
  }
  function userById(id) {
    for (var i = 0; i < state.users.length; i++) if (state.users[i].id === id) return state.users[i];
    return null;
  }
  function roleText(user) {
    if (!user) return "";
    var label = config.roleLabels[user.role] || user.role;
    return user.unitName ? label + " · " + user.unitName : label;
  }
  function timeText(ms) {
    try { return new Date(ms).toLocaleTimeString("th-TH", { hour: "2-digit", minute: "2-digit" }); }
    catch (e) { return ""; }
  }

  async function api(path, body) {
    var init = body === undefined ? undefined : {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body)
    };
    var response = await fetch("/simulator/api/" + path, init);
    var json = await response.json().catch(function () { return null; });
    if (!response.ok) {
      var error = new Error((json && (json.detail || json.message)) || ("HTTP " + response.status));
      error.field = json && json.field;
      throw error;
    }
    return json;
  }

  function savePanes() {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(state.panes.map(function (p) { return p.userId; })));
    } catch (e) { /* private mode */ }
  }

  async function loadUsers() {
    var data = await api("users");
    var changed = JSON.stringify(data.items) !== JSON.stringify(state.users);
    state.users = data.items;
    if (changed) state.panes.forEach(function (pane) { fillUserPicker(pane); showUser(pane); });
  }

  // ---- the rich menu (the one LINE shows this user, drawn from the same image and areas) -------

  async function loadMenu(pane) {
    var userId = pane.userId;
    if (!userId) { drawMenu(pane, null); return; }
    try {
      var data = await api("menu?userId=" + encodeURIComponent(userId));
      if (userId === pane.userId) drawMenu(pane, data.menu);
    } catch (e) { /* tried again on the next refresh */ }
  }

  function drawMenu(pane, menu) {
    var box = q(pane.node, "rich-menu");
    var id = menu ? menu.richMenuId : null;
    if (id === pane.menuId) return;
    pane.menuId = id;
    var board = q(pane.node, "rich-menu-board");
    board.innerHTML = "";
    box.hidden = !menu;
    if (!menu) { box.removeAttribute("data-rich-menu-id"); return; }
    box.setAttribute("data-rich-menu-id", menu.richMenuId);
    var img = el("img");
    img.src = menu.imageUrl;
    img.alt = "";
    img.width = menu.size.width;
    img.height = menu.size.height;
    board.appendChild(img);
    var pct = function (value, total) { return (100 * value / total) + "%"; };
    menu.areas.forEach(function (area) {
      var action = area.action || {};
      var label = action.label || action.text || action.displayText || action.type || "";
      var button = el("button", "menu-area");
      button.type = "button";
      button.setAttribute("data-testid", "menu-area");
      button.setAttribute("data-label", label);
      button.setAttribute("aria-label", label);
      button.setAttribute("data-action", JSON.stringify(action));
      button.style.left = pct(area.bounds.x, menu.size.width);
      button.style.top = pct(area.bounds.y, menu.size.height);
      button.style.width = pct(area.bounds.width, menu.size.width);
      button.style.height = pct(area.bounds.height, menu.size.height);
      board.appendChild(button);
    });
    var bar = q(pane.node, "menu-bar");
    bar.textContent = (menu.chatBarText || "เมนู") + " ▾";
    board.hidden = false;
    bar.setAttribute("aria-expanded", "true");
  }

  /** The role and the menu change when an invite is redeemed in chat: ask again. */
  function refreshUserSoon(pane) {
    loadUsers().catch(function () {});
    loadMenu(pane);
    // The menu is linked after the bot's answer has gone out.
    setTimeout(function () { loadUsers().catch(function () {}); loadMenu(pane); }, 1500);
  }

  async function loadUnits() {
    var data = await api("units");
    state.units = data.items;
    state.panes.forEach(fillUnits);
  }

  function fillUserPicker(pane) {
    var picker = q(pane.node, "user-picker");
    picker.innerHTML = "";
    var none = el("option", null, state.users.length ? "— เลือกผู้ใช้ —" : "— ยังไม่มีผู้ใช้ —");
    none.value = "";
    picker.appendChild(none);
    state.users.forEach(function (user) {
      var option = el("option", null, user.name + " (" + roleText(user) + ")");
      option.value = user.id;
      picker.appendChild(option);
    });
    picker.value = pane.userId || "";
  }

  function fillUnits(pane) {
    var select = q(pane.node, "new-user-unit");
    var current = select.value;
    select.innerHTML = "";
    state.units.forEach(function (unit) {
      var option = el("option", null, unit.name);
      option.value = unit.id;
      select.appendChild(option);
    });
    if (current) select.value = current;
  }

  function showUser(pane) {
    var user = userById(pane.userId);
    q(pane.node, "role-badge").textContent = user ? roleText(user) : "";
    var blocked = !!(user && user.blocked);
    q(pane.node, "blocked-banner").hidden = !blocked;
    q(pane.node, "follow-button").textContent = blocked ? "เลิกบล็อก" : "เพิ่มเพื่อน";
    pane.node.classList.toggle("no-user", !user);
    q(pane.node, "text-input").disabled = !user || blocked;
    q(pane.node, "send-button").disabled = !user || blocked;
  }

  function status(pane, text) {
    var box = q(pane.node, "pane-status");
    box.textContent = text || "";
    box.hidden = !text;
    if (text) setTimeout(function () { if (box.textContent === text) { box.hidden = true; } }, 5000);
  }

  function selectUser(pane, userId) {
    pane.userId = userId || null;
    pane.after = 0;
    pane.lastEntry = null;
    pane.menuId = undefined;
    var log = q(pane.node, "chat-log");
    log.innerHTML = "";
    log.appendChild(el("p", "empty-hint", pane.userId
      ? "พิมพ์ \"เมนู\" เพื่อดูว่าบอททำอะไรให้ได้บ้าง"
      : "เลือกผู้ใช้ หรือกด \"+ ผู้ใช้ใหม่\" เพื่อเริ่มคุยกับบอท"));
    setQuickReplies(pane, null);
    q(pane.node, "user-picker").value = pane.userId || "";
    if (pane.userId) q(pane.node, "new-user-form").hidden = true;
    showUser(pane);
    savePanes();
    loadMenu(pane);
    if (pane.userId) poll(pane);
  }

  // ---- sending ---------------------------------------------------------------------------------

  async function send(pane, action) {
    if (!pane.userId) { status(pane, "เลือกหรือสร้างผู้ใช้ก่อน"); return; }
    setQuickReplies(pane, null);
    try {
      await api("send", { userId: pane.userId, action: action });
      if (action.type === "follow" || action.type === "unfollow") await loadUsers();
    } catch (error) { status(pane, "ส่งไม่สำเร็จ: " + error.message); }
    poll(pane);
  }

  async function sendPhoto(pane, file) {
    if (!pane.userId || !file) return;
    setQuickReplies(pane, null);
    var form = new FormData();
    form.append("userId", pane.userId);
    form.append("photo", file);
    try {
      var response = await fetch("/simulator/api/photo", { method: "POST", body: form });
      if (!response.ok) {
        var json = await response.json().catch(function () { return null; });
        status(pane, "ส่งรูปไม่สำเร็จ: " + ((json && json.message) || response.status));
      }
    } catch (error) { status(pane, "ส่งรูปไม่สำเร็จ: " + error.message); }
    poll(pane);
  }

  function act(pane, action) {
    if (!action || typeof action.type !== "string") return;
    switch (action.type) {
      case "message":
        if (action.text) send(pane, { type: "text", text: action.text });
        break;
      case "postback": {
        var postback = { type: "postback", data: action.data };
        if (action.displayText) postback.displayText = action.displayText;
        send(pane, postback);
        break;
      }
      case "uri":
        if (/^https?:\/\//i.test(action.uri || "")) window.open(action.uri, "_blank", "noopener");
        else status(pane, "ตัวจำลองเปิดได้เฉพาะลิงก์ http/https: " + (action.uri || ""));
        break;
      case "location":
        toggleLocationMenu(pane, true);
        break;
      case "camera":
      case "cameraRoll":
        q(pane.node, "photo-input").click();
        break;
      case "datetimepicker": {
        // LINE opens its own picker; a native one stands in (dates only: the bot asks for nothing else).
        var picker = q(pane.node, "date-picker");
        var input = q(picker, "date-input");
        input.min = action.min || "";
        input.max = action.max || "";
        input.value = action.initial || action.max || "";
        pane.picker = action;
        picker.hidden = false;
        input.focus();
        break;
      }
      case "clipboard":
        if (navigator.clipboard) navigator.clipboard.writeText(action.clipboardText || "");
        status(pane, "คัดลอกแล้ว");
        break;
      default:
        status(pane, "ตัวจำลองยังไม่รองรับปุ่มชนิด " + action.type);
    }
  }

  function actionOf(node) {
    try { return JSON.parse(node.getAttribute("data-action")); } catch (e) { return null; }
  }

  function toggleLocationMenu(pane, open) {
    var menu = q(pane.node, "location-menu");
    menu.hidden = open === undefined ? !menu.hidden : !open;
    if (!menu.hidden) { var first = menu.querySelector("button"); if (first) first.focus(); }
  }

  // ---- drawing the chat ------------------------------------------------------------------------

  function setQuickReplies(pane, quickReply) {
    var bar = q(pane.node, "quick-replies");
    bar.innerHTML = "";
    var items = quickReply && Array.isArray(quickReply.items) ? quickReply.items : [];
    items.forEach(function (item) {
      var action = item && item.action;
      if (!action) return;
      var label = action.label || config.actionLabels[action.type] || action.type;
      var button = el("button", "pill");
      button.type = "button";
      button.setAttribute("data-testid", "quick-reply");
      button.setAttribute("data-label", label);
      button.setAttribute("data-action", JSON.stringify(action));
      var icon = config.actionIcons[action.type];
      if (item.imageUrl && /^https:\/\//.test(item.imageUrl)) {
        var img = el("img");
        img.src = item.imageUrl;
        img.alt = "";
        button.appendChild(img);
      } else if (icon) {
        var drawn = el("span", "pill-icon");
        drawn.innerHTML = icon; // a constant SVG from the page
        button.appendChild(drawn);
      }
      button.appendChild(el("span", null, label));
      bar.appendChild(button);
    });
    bar.hidden = items.length === 0;
  }

  function userBubble(message) {
    switch (message.type) {
      case "text": return { bubble: el("div", "bubble", message.text) };
      case "postback":
        return message.displayText
          ? { bubble: el("div", "bubble", message.displayText) }
          : { note: "กดปุ่ม (postback: " + message.data + ")" };
      case "location": {
        var box = el("div", "bubble location");
        box.appendChild(iconText(config.icons.location, message.title || "ตำแหน่ง"));
        if (message.address) box.appendChild(el("div", null, message.address));
        box.appendChild(el("small", null, message.latitude.toFixed(5) + ", " + message.longitude.toFixed(5)));
        return { bubble: box };
      }
      case "image": {
        var frame = el("div", "bubble photo");
        if (message.url) { var img = el("img"); img.src = message.url; img.alt = "รูปที่ส่ง"; frame.appendChild(img); }
        else frame.textContent = "(รูปภาพ)";
        return { bubble: frame };
      }
      case "sticker": { var sticker = el("div", "sticker"); sticker.innerHTML = config.icons.bigSticker; return { bubble: sticker }; }
      case "follow": return { note: "เพิ่มบัญชีนี้เป็นเพื่อนแล้ว" };
      case "unfollow": return { note: "บล็อกบัญชีนี้แล้ว" };
      default: return { note: "(" + message.type + ")" };
    }
  }

  function botBubble(message, html) {
    if (message.type === "text") return el("div", "bubble", message.text);
    if (message.type === "flex" && typeof html === "string") {
      var card = el("div", "flex-msg");
      card.innerHTML = html; // drawn and escaped by the server's Flex renderer
      card.setAttribute("aria-label", message.altText || "Flex message");
      if (message.contents && message.contents.type === "carousel") card.classList.add("carousel-msg");
      return card;
    }
    if (message.type === "image" && /^https?:\/\//.test(message.previewImageUrl || "")) {
      var frame = el("div", "bubble photo");
      var img = el("img"); img.src = message.previewImageUrl; img.alt = ""; frame.appendChild(img);
      return frame;
    }
    if (message.type === "location") return userBubble(message).bubble; // drawn like a location a user sends
    return el("div", "bubble other", "[" + message.type + "] " + (message.altText || message.text || ""));
  }

  function renderEntry(pane, entry) {
    var log = q(pane.node, "chat-log");
    entry.messages.forEach(function (message, index) {
      var row = el("div", "row " + entry.from);
      row.setAttribute("data-seq", String(entry.seq));
      if (entry.from === "user") {
        var shown = userBubble(message);
        if (shown.note) {
          row.className = "row note";
          row.appendChild(el("span", null, shown.note));
        } else {
          row.appendChild(el("time", "time", timeText(entry.at)));
          row.appendChild(shown.bubble);
          shown.bubble.setAttribute("data-testid", "message");
          shown.bubble.setAttribute("data-from", "user");
          shown.bubble.setAttribute("data-type", message.type);
        }
      } else {
        if (index === 0) row.classList.add("first");
        var avatar = el("div", "avatar", "ป");
        avatar.setAttribute("aria-hidden", "true");
        row.appendChild(avatar);
        var column = el("div", "bot-col");
        if (index === 0) column.appendChild(el("div", "bot-name", config.botName));
        var bubble = botBubble(message, entry.html && entry.html[index]);
        bubble.setAttribute("data-testid", "message");
        bubble.setAttribute("data-from", "bot");
        bubble.setAttribute("data-type", message.type);
        column.appendChild(bubble);
        var meta = timeText(entry.at) + (entry.via === "push" ? " · push" : "");
        if (entry.undelivered) { row.classList.add("undelivered"); meta += " · ไม่ถูกส่ง (ผู้ใช้บล็อกอยู่)"; }
        column.appendChild(el("time", "time", meta));
        row.appendChild(column);
        if (message.type === "flex" && message.contents && message.contents.type === "carousel") {
          row.classList.add("wide");
        }
      }
      log.appendChild(row);
    });
  }

  /** New messages show the newest one, now and once the layout has settled. */
  function scrollToNewest(log) {
    log.scrollTop = log.scrollHeight;
    requestAnimationFrame(function () { log.scrollTop = log.scrollHeight; });
  }

  async function poll(pane) {
    if (!pane.userId || pane.polling) return;
    pane.polling = true;
    var userId = pane.userId;
    try {
      var data = await api("transcript?userId=" + encodeURIComponent(userId) + "&after=" + pane.after);
      if (userId !== pane.userId || !data.items.length) return;
      var log = q(pane.node, "chat-log");
      data.items.forEach(function (entry) {
        renderEntry(pane, entry);
        pane.after = entry.seq;
        pane.lastEntry = entry;
      });
      var last = pane.lastEntry;
      var lastMessage = last && last.messages[last.messages.length - 1];
      setQuickReplies(pane, last && last.from === "bot" && !last.undelivered && lastMessage ? lastMessage.quickReply : null);
      scrollToNewest(log);
      if (data.items.some(function (e) { return e.from === "bot"; })) refreshUserSoon(pane);
    } catch (error) {
      /* the server may be restarting; the next tick tries again */
    } finally {
      pane.polling = false;
    }
  }

  // ---- panes -----------------------------------------------------------------------------------

  function freeIndex() {
    for (var i = 1; i <= MAX_PANES; i++) {
      if (!state.panes.some(function (p) { return p.index === i; })) return i;
    }
    return 0;
  }

  function updatePaneButtons() {
    byId("add-pane").disabled = state.panes.length >= MAX_PANES;
    state.panes.forEach(function (pane) { q(pane.node, "close-pane").hidden = state.panes.length < 2; });
  }

  function createPane(userId) {
    var index = freeIndex();
    if (!index) return null;
    var node = byId("pane-template").content.firstElementChild.cloneNode(true);
    node.setAttribute("data-testid", "pane-" + index);
    node.setAttribute("aria-label", "ช่องแชตที่ " + index);
    var pane = { index: index, node: node, userId: null, after: 0, polling: false, lastEntry: null, menuId: undefined };
    q(node, "menu-bar").addEventListener("click", function () {
      var board = q(node, "rich-menu-board");
      board.hidden = !board.hidden;
      q(node, "menu-bar").setAttribute("aria-expanded", board.hidden ? "false" : "true");
    });

    q(node, "user-picker").addEventListener("change", function (e) { selectUser(pane, e.target.value); });
    q(node, "new-user-toggle").addEventListener("click", function () {
      var form = q(node, "new-user-form");
      form.hidden = !form.hidden;
      if (!form.hidden) q(node, "new-user-name").focus();
    });
    var role = q(node, "new-user-role");
    var unitField = q(node, "new-user-unit-field");
    role.addEventListener("change", function () { unitField.hidden = role.value !== "staff"; });
    q(node, "new-user-form").addEventListener("submit", async function (e) {
      e.preventDefault();
      var error = q(node, "new-user-error");
      error.textContent = "";
      var body = {
        name: q(node, "new-user-name").value.trim(),
        role: role.value,
        follow: q(node, "new-user-follow").checked
      };
      if (role.value === "staff") body.unitId = q(node, "new-user-unit").value;
      var submit = q(node, "new-user-submit");
      submit.disabled = true;
      try {
        var user = await api("users", body);
        await loadUsers();
        selectUser(pane, user.id);
        q(node, "new-user-form").hidden = true;
        q(node, "new-user-name").value = "";
      } catch (err) {
        error.textContent = "สร้างผู้ใช้ไม่สำเร็จ: " + err.message;
      } finally {
        submit.disabled = false;
      }
    });
    q(node, "follow-button").addEventListener("click", function () { send(pane, { type: "follow" }); });
    q(node, "block-button").addEventListener("click", function () { send(pane, { type: "unfollow" }); });
    q(node, "close-pane").addEventListener("click", function () { closePane(pane); });
    q(node, "composer").addEventListener("submit", function (e) {
      e.preventDefault();
      var input = q(node, "text-input");
      var text = input.value.trim();
      if (!text) return;
      input.value = "";
      send(pane, { type: "text", text: text });
    });
    q(node, "photo-input").addEventListener("change", function (e) {
      var file = e.target.files && e.target.files[0];
      if (file) sendPhoto(pane, file);
      e.target.value = "";
    });
    q(node, "photo-button").addEventListener("click", function () { q(node, "photo-input").click(); });
    q(node, "date-send").addEventListener("click", function () {
      var date = q(node, "date-input").value;
      if (!pane.picker || !date) { status(pane, "เลือกวันที่ก่อน"); return; }
      q(node, "date-picker").hidden = true;
      var shownDate = new Date(date + "T12:00:00Z").toLocaleDateString("th-TH", {
        day: "numeric", month: "short", year: "numeric", timeZone: "UTC",
      });
      send(pane, { type: "postback", data: pane.picker.data || "", params: { date: date }, displayText: shownDate });
      pane.picker = null;
    });
    q(node, "location-button").addEventListener("click", function () { toggleLocationMenu(pane); });
    q(node, "sticker-button").addEventListener("click", function () { send(pane, { type: "sticker" }); });
    var menu = q(node, "location-menu");
    config.places.forEach(function (place) {
      var button = el("button", "place");
      button.type = "button";
      button.setAttribute("data-testid", "location-option");
      button.setAttribute("data-label", place.title);
      button.appendChild(iconText(config.icons.location, place.title));
      button.appendChild(el("small", null, place.address));
      button.addEventListener("click", function () {
        toggleLocationMenu(pane, false);
        send(pane, {
          type: "location", title: place.title, address: place.address,
          latitude: place.latitude, longitude: place.longitude
        });
      });
      menu.appendChild(button);
    });
    var cancel = el("button", "place cancel", "ยกเลิก");
    cancel.type = "button";
    cancel.addEventListener("click", function () { toggleLocationMenu(pane, false); });
    menu.appendChild(cancel);

    function onAction(e) {
      var target = e.target.closest && e.target.closest("[data-action]");
      if (!target || !node.contains(target)) return;
      if (e.type === "keydown") {
        if (e.key !== "Enter" && e.key !== " ") return;
        if (target.tagName === "BUTTON") return; // buttons click by themselves
        e.preventDefault();
      }
      act(pane, actionOf(target));
    }
    node.addEventListener("click", onAction);
    node.addEventListener("keydown", onAction);

    var panes = byId("panes");
    var after = null;
    state.panes.forEach(function (p) { if (p.index > index && !after) after = p.node; });
    panes.insertBefore(node, after);
    state.panes.push(pane);
    state.panes.sort(function (a, b) { return a.index - b.index; });
    fillUserPicker(pane);
    fillUnits(pane);
    if (userId && userById(userId)) selectUser(pane, userId);
    else { showUser(pane); if (!state.users.length) q(node, "new-user-form").hidden = false; }
    updatePaneButtons();
    savePanes();
    return pane;
  }

  function closePane(pane) {
    if (state.panes.length < 2) return;
    pane.node.remove();
    state.panes = state.panes.filter(function (p) { return p !== pane; });
    updatePaneButtons();
    savePanes();
  }

  async function demoSetup() {
    var button = byId("demo-setup");
    button.disabled = true;
    try {
      await loadUnits();
      var unit = state.units.filter(function (u) { return u.name === config.demo.unitName; })[0] || state.units[0];
      var people = [
        { name: config.demo.citizen, role: "citizen", follow: true },
        { name: config.demo.staff, role: "staff", unitId: unit && unit.id, follow: true },
        { name: config.demo.executive, role: "executive", follow: true }
      ];
      var created = [];
      // The demo unit's staff member finds measures of this fiscal year to report on.
      if (unit) await api("demo", { unitId: unit.id });
      for (var i = 0; i < people.length; i++) created.push(await api("users", people[i]));
      await loadUsers();
      while (state.panes.length < MAX_PANES) createPane();
      created.forEach(function (user, i) { selectUser(state.panes[i], user.id); });
    } catch (error) {
      alert("สร้างผู้ใช้ตัวอย่างไม่สำเร็จ: " + error.message);
    } finally {
      button.disabled = false;
    }
  }

  // Images in Flex cards that cannot load (offline) show a grey frame instead of a broken icon.
  // A picture that finishes loading at the end of a chat keeps the newest message in view.
  document.addEventListener("load", function (e) {
    var target = e.target;
    if (!target || target.tagName !== "IMG" || !target.closest) return;
    var log = target.closest(".log");
    if (log && log.scrollHeight - log.scrollTop - log.clientHeight < target.clientHeight + 120) {
      log.scrollTop = log.scrollHeight;
    }
  }, true);

  document.addEventListener("error", function (e) {
    var target = e.target;
    if (target && target.tagName === "IMG" && target.parentElement && target.parentElement.classList.contains("photo")) {
      var frame = target.parentElement;
      frame.classList.add("broken");
      frame.textContent = "รูปภาพ (แสดงไม่ได้)";
      return;
    }
    if (target && target.tagName === "IMG" && target.parentElement && target.parentElement.classList.contains("fx-img-frame")) {
      target.parentElement.classList.add("fx-img-broken");
      target.style.visibility = "hidden";
    }
  }, true);

  byId("add-pane").addEventListener("click", function () { createPane(); });
  byId("demo-setup").addEventListener("click", demoSetup);

  (async function start() {
    try { await Promise.all([loadUsers(), loadUnits()]); } catch (e) { /* shown as empty */ }
    var saved = [];
    try { saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "[]"); } catch (e) { saved = []; }
    saved = Array.isArray(saved) ? saved.filter(function (id) { return id && userById(id); }).slice(0, MAX_PANES) : [];
    if (saved.length) saved.forEach(function (id) { createPane(id); });
    else createPane(state.users.length ? state.users[0].id : null);
    var ticks = 0;
    setInterval(function () {
      state.panes.forEach(poll);
      // A role given elsewhere (an invite typed in chat, the console) shows within a few seconds.
      if (++ticks % 5 === 0) {
        loadUsers().catch(function () {});
        state.panes.forEach(loadMenu);
      }
    }, 1000);
  })();
})();
`;
