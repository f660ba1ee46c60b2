export * from "./conversations";
export * from "./inbox";
export * from "./organizations";
export * from "./outbox";
export * from "./users";
