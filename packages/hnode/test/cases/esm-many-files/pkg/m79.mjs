import { one } from "./one.mjs";
export const v79 = one;
