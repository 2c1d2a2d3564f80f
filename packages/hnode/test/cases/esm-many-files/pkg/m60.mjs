import { one } from "./one.mjs";
export const v60 = one;
