import { one } from "./one.mjs";
export const v19 = one;
