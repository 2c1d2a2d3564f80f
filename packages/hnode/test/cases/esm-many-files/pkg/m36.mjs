import { one } from "./one.mjs";
export const v36 = one;
