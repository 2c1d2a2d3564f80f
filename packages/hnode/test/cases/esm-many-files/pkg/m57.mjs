import { one } from "./one.mjs";
export const v57 = one;
