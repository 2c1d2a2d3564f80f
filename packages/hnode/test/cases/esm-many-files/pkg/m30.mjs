import { one } from "./one.mjs";
export const v30 = one;
