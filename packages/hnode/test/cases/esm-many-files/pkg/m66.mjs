import { one } from "./one.mjs";
export const v66 = one;
