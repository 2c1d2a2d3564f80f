import { one } from "./one.mjs";
export const v23 = one;
