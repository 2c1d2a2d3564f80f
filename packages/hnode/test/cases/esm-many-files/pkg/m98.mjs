import { one } from "./one.mjs";
export const v98 = one;
