import { beforeAll, describe, expect, it } from "vitest";
import { menuCard } from "../flex-templates/menu.flex";
import { welcomeCard } from "../flex-templates/welcome.flex";
import { commandsFor } from "../src/bot/commands";
import { ROLE_LABELS, ROLES } from "../src/domain/roles";
import { coreCommands } from "../src/features/common.feature";
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

  it("the validator catches a broken card (so the checks above can fail)", () => {
    const card = welcomeCard({ orgName: ORG });
    const broken = {
      ...card,
      contents: { ...card.contents, body: { type: "box", layout: "diagonal", contents: [] } },
    };
    expect(validateMessages(validator, [broken]).length).toBeGreaterThan(0);
  });
});
