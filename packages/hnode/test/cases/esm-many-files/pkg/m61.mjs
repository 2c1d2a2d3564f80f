import { one } from "./one.mjs";
export const v61 = one;
