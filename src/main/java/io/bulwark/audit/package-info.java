/** Security events and, later, the tamper-evident audit trail. Events never carry secrets or tokens. */
package io.bulwark.audit;
