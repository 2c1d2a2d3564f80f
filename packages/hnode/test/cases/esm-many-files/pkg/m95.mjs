import { one } from "./one.mjs";
export const v95 = one;
