package io.eventserver.adapters.http;

import java.util.Objects;

import io.eventserver.application.port.in.AcknowledgeEventUseCase;
import io.eventserver.application.port.in.AuthenticateUseCase;
import io.eventserver.application.port.in.DeadLettersUseCase;
import io.eventserver.application.port.in.DeleteConsumerUseCase;
import io.eventserver.application.port.in.DeleteStreamUseCase;
import io.eventserver.application.port.in.FinishEventsUseCase;
import io.eventserver.application.port.in.InspectStreamsUseCase;
import io.eventserver.application.port.in.LeaseEventsUseCase;
import io.eventserver.application.port.in.ManageIdsUseCase;
import io.eventserver.application.port.in.ManageRetentionUseCase;
import io.eventserver.application.port.in.ManageSchemasUseCase;
import io.eventserver.application.port.in.ManageUsersUseCase;
import io.eventserver.application.port.in.PublishEventUseCase;
import io.eventserver.application.port.in.ReadEventsUseCase;
import io.eventserver.application.port.in.RedactEventUseCase;
import io.eventserver.application.port.in.ResetOffsetUseCase;
import io.eventserver.application.port.in.SearchEventsUseCase;

/** The in-ports the HTTP adapter drives. */
public record UseCases(PublishEventUseCase publish, ReadEventsUseCase read, AcknowledgeEventUseCase acknowledge,
                       InspectStreamsUseCase inspect, ResetOffsetUseCase reset, AuthenticateUseCase authenticate,
                       ManageUsersUseCase users, ManageIdsUseCase ids, LeaseEventsUseCase lease,
                       FinishEventsUseCase finish, DeadLettersUseCase deadLetters, DeleteStreamUseCase deleteStream,
                       DeleteConsumerUseCase deleteConsumer, RedactEventUseCase redact,
                       ManageRetentionUseCase retention, ManageSchemasUseCase schemas,
                       SearchEventsUseCase search) {

    public UseCases {
        Objects.requireNonNull(publish, "publish");
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(acknowledge, "acknowledge");
        Objects.requireNonNull(inspect, "inspect");
        Objects.requireNonNull(reset, "reset");
        Objects.requireNonNull(authenticate, "authenticate");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(finish, "finish");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(deleteStream, "deleteStream");
        Objects.requireNonNull(deleteConsumer, "deleteConsumer");
        Objects.requireNonNull(redact, "redact");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(schemas, "schemas");
        Objects.requireNonNull(search, "search");
    }
}
