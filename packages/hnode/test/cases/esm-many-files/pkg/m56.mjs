import { one } from "./one.mjs";
export const v56 = one;
