import { one } from "./one.mjs";
export const v63 = one;
