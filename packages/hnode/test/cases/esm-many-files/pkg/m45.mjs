import { one } from "./one.mjs";
export const v45 = one;
