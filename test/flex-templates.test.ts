import { beforeAll, describe, expect, it } from "vitest";
import {
  type ComplaintView,
  complaintCarousel,
  complaintDetailCard,
  complaintReceiptCard,
  complaintSummaryCard,
  statusUpdateCard,
} from "../flex-templates/complaint.flex";
import { eitInvitationCard, eitQuestionCard } from "../flex-templates/eit.flex";
import { menuCard } from "../flex-templates/menu.flex";
import { welcomeCard } from "../flex-templates/welcome.flex";
import { commandsFor } from "../src/bot/commands";
import { ROLE_LABELS, ROLES } from "../src/domain/roles";
import { coreCommands } from "../src/features/common.feature";
import { quickReply } from "../src/line/messages";
import { validateMessages } from "../src/line-double/message-limits";
import {
  createOpenApiValidator,
  loadMessagingApiSpec,
  type OpenApiValidator,
} from "../src/line-double/openapi-validator";

let validator: OpenApiValidator;
beforeAll(async () => {
  validator = createOpenApiValidator(await loadMessagingApiSpec());
});

const ORG = "องค์การบริหารส่วนตำบลตัวอย่างที่มีชื่อยาวมากเพื่อทดสอบการตัดบรรทัด";

describe("flex templates are valid against LINE's OpenAPI spec and limits", () => {
  it("welcome card", () => {
    const card = welcomeCard({ orgName: ORG });
    expect(validateMessages(validator, [card])).toEqual([]);
    expect(card.altText).toContain(ORG);
  });

  it.each(ROLES)("menu card for %s", (role) => {
    const items = commandsFor(coreCommands(), role).map((c) => ({
      keyword: c.keyword,
      description: c.description ?? "",
    }));
    const card = menuCard({ orgName: ORG, roleLabel: ROLE_LABELS[role], items });
    expect(validateMessages(validator, [card])).toEqual([]);
    expect(items.length).toBeGreaterThan(0);
  });

  // Worst cases: the longest texts a user can send, a full history, a full carousel.
  const longText = "ถนนชำรุด ".repeat(700).slice(0, 5000);
  const view: ComplaintView = {
    trackingCode: "R2570-00001",
    trackLabel: "เรื่องร้องทุกข์",
    category: "ถนน/ทางเท้า",
    description: longText,
    status: "in_progress",
    statusLabel: "กำลังดำเนินการ",
    unitName: "กองช่าง",
    dueDate: "15 ม.ค. 2570",
    filedAt: "1 ธ.ค. 2569 10:00 น.",
    address: "ซอย 5 หมู่ 3",
    photoCount: 5,
    afterPhotoCount: 3,
    overdue: true,
    anonymous: false,
    history: Array.from({ length: 20 }, () => ({
      statusLabel: "กำลังดำเนินการ",
      note: longText,
      at: "1 ธ.ค. 2569 10:00 น.",
    })),
  };

  it("complaint cards: summary, receipt, detail, a full carousel, status update", () => {
    const cards = [
      complaintSummaryCard({
        trackLabel: "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        category: "การทุจริตและประพฤติมิชอบ",
        description: longText,
        address: null,
        photoCount: 0,
        anonymity: "ไม่ประสงค์ออกนาม",
        unitName: null,
        dueDate: "15 ม.ค. 2570",
      }),
      complaintReceiptCard(view, ORG),
      complaintReceiptCard({ ...view, unitName: null }, ORG),
      complaintDetailCard(view),
      complaintCarousel(Array.from({ length: 15 }, () => view)),
      statusUpdateCard(
        {
          trackingCode: "C2570-00001",
          status: "resolved",
          statusLabel: "ดำเนินการแล้วเสร็จ",
          note: longText,
          at: "x",
          afterPhotoCount: 1,
        },
        ORG,
      ),
    ];
    for (const card of cards) expect(validateMessages(validator, [card])).toEqual([]);
    const carousel = cards[4];
    expect(
      carousel?.type === "flex" && carousel.contents.type === "carousel" && carousel.contents.contents.length,
    ).toBe(12);
  });

  it("EIT cards: a question with its answers, the invitation", () => {
    const question = eitQuestionCard(
      { number: 5, total: 9, indicatorName: "ประสิทธิภาพการสื่อสาร", text: "ข้อความยาว ".repeat(100) },
      quickReply(["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด", "ยกเลิก"].map((label) => ({ label }))),
    );
    const invitation = eitInvitationCard({
      orgName: ORG,
      url: "https://itas.nacc.go.th/go/eit/abc",
      endDate: "31 ม.ค. 2570",
    });
    expect(validateMessages(validator, [question, invitation])).toEqual([]);
  });

  it("the validator catches a broken card (so the checks above can fail)", () => {
    const card = welcomeCard({ orgName: ORG });
    const broken = {
      ...card,
      contents: { ...card.contents, body: { type: "box", layout: "diagonal", contents: [] } },
    };
    expect(validateMessages(validator, [broken]).length).toBeGreaterThan(0);
  });
});
