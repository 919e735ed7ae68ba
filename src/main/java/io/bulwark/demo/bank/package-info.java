/**
 * The demo bank: deterministic customers, accounts and transactions ({@link io.bulwark.demo.bank.BankData})
 * and the upstream HTTP API the gateway protects ({@link io.bulwark.demo.bank.BankApi}), described by
 * {@code demo/bank-openapi.yaml}. It trusts the gateway for authentication and enforces ownership itself,
 * so that each layer refuses on its own.
 */
package io.bulwark.demo.bank;
