import { one } from "./one.mjs";
export const v40 = one;
