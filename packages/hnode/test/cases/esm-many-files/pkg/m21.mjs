import { one } from "./one.mjs";
export const v21 = one;
