import { one } from "./one.mjs";
export const v62 = one;
