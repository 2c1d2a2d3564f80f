import { one } from "./one.mjs";
export const v28 = one;
