import { one } from "./one.mjs";
export const v24 = one;
