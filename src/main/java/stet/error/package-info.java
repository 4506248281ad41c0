/**
 * Typed failures that any layer may raise; the web layer maps each to its status
 * code and error page in one place ({@code stet.web.ErrorPages}).
 */
package stet.error;
