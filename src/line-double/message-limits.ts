/**
 * Documented Messaging API limits that LINE's OpenAPI spec does not encode
 * (Messaging API reference: message objects, action objects, Flex Message).
 * Text bodies count UTF-16 code units; labels and action texts count grapheme clusters.
 */
import {
  graphemeLength,
  isPlainObject,
  joinPath,
  lengthMessage,
  type OpenApiValidator,
  sizeMessage,
  uniqueIssues,
  type ValidationIssue,
} from "./openapi-validator";

export const MESSAGE_LIMITS = {
  messagesPerRequest: { min: 1, max: 5 },
  textLength: 5000,
  flexAltTextLength: 1500,
  quickReplyItems: 13,
  postbackDataLength: 300,
  actionTextLength: 300,
  uriLength: 1000,
  flexButtonLabel: 40,
  quickReplyLabel: 20,
  templateLabel: 20,
  imageCarouselLabel: 12,
  bubbleBytes: 30 * 1024,
  carouselBytes: 50 * 1024,
  carouselBubbles: 12,
} as const;

const encoder = new TextEncoder();

function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).byteLength;
}

function checkUtf16(value: unknown, max: number, path: string, issues: ValidationIssue[]): void {
  if (typeof value === "string" && value.length > max)
    issues.push({ property: path, message: lengthMessage(0, max) });
}

function checkGraphemes(value: unknown, max: number, path: string, issues: ValidationIssue[]): void {
  if (typeof value === "string" && value.length > max && graphemeLength(value) > max) {
    issues.push({ property: path, message: lengthMessage(0, max) });
  }
}

/** Checks one action object; `labelMax` depends on where the action is shown. */
export function checkActionLimits(
  action: unknown,
  path: string,
  labelMax: number,
  issues: ValidationIssue[],
): void {
  if (!isPlainObject(action)) return;
  const limits = MESSAGE_LIMITS;
  checkGraphemes(action.label, labelMax, joinPath(path, "label"), issues);
  switch (action.type) {
    case "postback":
      checkUtf16(action.data, limits.postbackDataLength, joinPath(path, "data"), issues);
      for (const key of ["displayText", "text", "fillInText"]) {
        checkGraphemes(action[key], limits.actionTextLength, joinPath(path, key), issues);
      }
      break;
    case "message":
      checkGraphemes(action.text, limits.actionTextLength, joinPath(path, "text"), issues);
      break;
    case "uri":
      checkUtf16(action.uri, limits.uriLength, joinPath(path, "uri"), issues);
      break;
  }
}

/** Visits every `action`, `defaultAction` and `actions[]` below `node`. */
function walkActions(node: unknown, path: string, labelMax: number, issues: ValidationIssue[]): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) walkActions(node[i], joinPath(path, i), labelMax, issues);
    return;
  }
  if (!isPlainObject(node)) return;
  for (const [key, child] of Object.entries(node)) {
    const childPath = joinPath(path, key);
    if (key === "action" || key === "defaultAction") {
      checkActionLimits(child, childPath, labelMax, issues);
    } else if (key === "actions" && Array.isArray(child)) {
      for (let i = 0; i < child.length; i++) {
        checkActionLimits(child[i], joinPath(childPath, i), labelMax, issues);
      }
    } else if (typeof child === "object" && child !== null) {
      walkActions(child, childPath, labelMax, issues);
    }
  }
}

function checkFlexContainer(container: unknown, path: string, issues: ValidationIssue[]): void {
  if (!isPlainObject(container)) return;
  const limits = MESSAGE_LIMITS;
  if (container.type === "bubble") {
    const bytes = jsonBytes(container);
    if (bytes > limits.bubbleBytes) {
      issues.push({
        property: path,
        message: `bubble JSON must be at most ${limits.bubbleBytes} bytes (was ${bytes})`,
      });
    }
  } else if (container.type === "carousel") {
    const bytes = jsonBytes(container);
    if (bytes > limits.carouselBytes) {
      issues.push({
        property: path,
        message: `carousel JSON must be at most ${limits.carouselBytes} bytes (was ${bytes})`,
      });
    }
    const bubbles = container.contents;
    if (Array.isArray(bubbles)) {
      if (bubbles.length > limits.carouselBubbles) {
        issues.push({
          property: joinPath(path, "contents"),
          message: sizeMessage(1, limits.carouselBubbles),
        });
      }
      for (let i = 0; i < bubbles.length; i++) {
        checkFlexContainer(bubbles[i], joinPath(joinPath(path, "contents"), i), issues);
      }
    }
  }
}

function checkMessage(message: unknown, path: string, issues: ValidationIssue[]): void {
  if (!isPlainObject(message)) return;
  const limits = MESSAGE_LIMITS;
  switch (message.type) {
    case "text":
    case "textV2":
      checkUtf16(message.text, limits.textLength, joinPath(path, "text"), issues);
      break;
    case "flex": {
      checkUtf16(message.altText, limits.flexAltTextLength, joinPath(path, "altText"), issues);
      const contentsPath = joinPath(path, "contents");
      checkFlexContainer(message.contents, contentsPath, issues);
      walkActions(message.contents, contentsPath, limits.flexButtonLabel, issues);
      break;
    }
    case "template": {
      const template = message.template;
      const labelMax =
        isPlainObject(template) && template.type === "image_carousel"
          ? limits.imageCarouselLabel
          : limits.templateLabel;
      walkActions(template, joinPath(path, "template"), labelMax, issues);
      break;
    }
  }
  const quickReply = message.quickReply;
  if (isPlainObject(quickReply) && Array.isArray(quickReply.items)) {
    const itemsPath = joinPath(joinPath(path, "quickReply"), "items");
    if (quickReply.items.length > limits.quickReplyItems) {
      issues.push({ property: itemsPath, message: sizeMessage(0, limits.quickReplyItems) });
    }
    quickReply.items.forEach((item, i) => {
      if (isPlainObject(item)) {
        checkActionLimits(
          item.action,
          joinPath(joinPath(itemsPath, i), "action"),
          limits.quickReplyLabel,
          issues,
        );
      }
    });
  }
}

/** Limits the spec does not encode, for a `messages` array; paths start at `basePath`. */
export function checkMessageLimits(messages: unknown, basePath = "messages"): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!Array.isArray(messages)) return issues;
  const { min, max } = MESSAGE_LIMITS.messagesPerRequest;
  if (messages.length < min || messages.length > max)
    issues.push({ property: basePath, message: sizeMessage(min, max) });
  for (let i = 0; i < messages.length; i++) checkMessage(messages[i], joinPath(basePath, i), issues);
  return issues;
}

/**
 * Everything LINE would check in a `messages` array: each message against its
 * concrete spec schema (dispatched on `type`) plus the documented limits.
 * An empty result means LINE would accept the messages.
 */
export function validateMessages(
  validator: OpenApiValidator,
  messages: unknown,
  basePath = "messages",
): ValidationIssue[] {
  if (!Array.isArray(messages)) return [{ property: basePath, message: "must be of type array" }];
  const issues: ValidationIssue[] = [];
  for (let i = 0; i < messages.length; i++) {
    issues.push(...validator.validate("Message", messages[i], joinPath(basePath, i)));
  }
  issues.push(...checkMessageLimits(messages, basePath));
  return uniqueIssues(issues);
}
