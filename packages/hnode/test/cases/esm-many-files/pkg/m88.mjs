import { one } from "./one.mjs";
export const v88 = one;
