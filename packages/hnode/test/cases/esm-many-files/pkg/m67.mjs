import { one } from "./one.mjs";
export const v67 = one;
