import { caseSuite } from "../../../tools/e2e/suite.js";

caseSuite("hlua", import.meta.dirname);
