module.exports = "hi from helper";
