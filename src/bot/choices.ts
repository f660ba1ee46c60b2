/**
 * The chat's standard labels (CONTRACT.md › Chat contract) and the parsers every step uses to read
 * an answer: one home, so a label is spelt once and a person — or a test — can follow the chat by
 * reading labels.
 */
import type { messagingApi } from "@line/bot-sdk";
import { FIXED_LABELS } from "../../flex-templates/complaint.flex";
import { ANONYMITY_OPTIONS } from "../domain/anonymity";
import type { FlowInput } from "../flows/engine";
import type { Choice } from "../line/messages";

export const LABELS = {
  confirm: "ยืนยัน",
  cancel: "ยกเลิก",
  /** Skip an optional step. */
  skip: "ข้าม",
  /** No more photos. */
  done: "เสร็จ",
  anonymous: ANONYMITY_OPTIONS.anonymous.label as "ไม่ประสงค์ออกนาม",
  identified: ANONYMITY_OPTIONS.identified.label as "เปิดเผยตัวตน",
  /** The quick-reply location action. */
  sendLocation: "ส่งตำแหน่ง",
  /** The quick-reply camera and photo-library actions of a photo step. */
  camera: "ถ่ายรูป",
  cameraRoll: "เลือกรูป",
  menu: "เมนู",
  consent: "ยินยอม",
  noConsent: "ไม่ยินยอม",
  /** The keywords a message points to. */
  track: "ติดตามเรื่อง",
  work: "งานร้องเรียน",
  file: "ร้องเรียน",
  /** The complainant's answers to "was it fixed?" after `resolved` (buttons and typed alike). */
  fixedYes: FIXED_LABELS.yes,
  fixedNo: FIXED_LABELS.no,
} as const;

/** Quick-reply choices of the standard labels (a tap sends the label). */
export const CHOICES = {
  confirm: { label: LABELS.confirm },
  cancel: { label: LABELS.cancel },
  skip: { label: LABELS.skip },
  done: { label: LABELS.done },
  anonymous: { label: LABELS.anonymous },
  identified: { label: LABELS.identified },
  menu: { label: LABELS.menu },
  consent: { label: LABELS.consent },
  noConsent: { label: LABELS.noConsent },
  track: { label: LABELS.track },
  work: { label: LABELS.work },
  file: { label: LABELS.file },
  sendLocation: { type: "location", label: LABELS.sendLocation } satisfies messagingApi.LocationAction,
  camera: { type: "camera", label: LABELS.camera } satisfies messagingApi.CameraAction,
  cameraRoll: { type: "cameraRoll", label: LABELS.cameraRoll } satisfies messagingApi.CameraRollAction,
} as const satisfies Record<string, Choice | messagingApi.Action>;

/** What was typed (or sent by a quick-reply tap), trimmed; undefined for anything but text. */
export function textOf(input: FlowInput): string | undefined {
  return input.kind === "text" ? input.text.trim() : undefined;
}

/** The typed answer if it is one of `labels` (surrounding spaces ignored). */
export function choiceOf<L extends string>(input: FlowInput, labels: readonly L[]): L | undefined {
  const text = textOf(input);
  return labels.find((label) => label === text);
}
