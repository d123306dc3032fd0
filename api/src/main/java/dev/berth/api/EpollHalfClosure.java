package dev.berth.api;

import io.netty.channel.Channel;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a bug of Netty 4.2.18's epoll transport that cuts output on half-closed connections
 * (the docker CLI half-closes a hijacked attach after stdin EOF and still reads the output).
 *
 * <p>The bug: when a channel's interest set becomes empty, {@code EpollIoHandler}'s registration
 * removes the fd from epoll ({@code EPOLL_CTL_DEL}) but keeps its state {@code Added}. After the
 * client's half-close Netty drops {@code EPOLLIN} and {@code EPOLLRDHUP}, so the set is empty whenever
 * no write is pending; the next write that does not fit the socket buffer asks for {@code EPOLLOUT}
 * with {@code EPOLL_CTL_MOD}, gets ENOENT, and the connection closes with the output cut.
 *
 * <p>The workaround: when the input shuts down (on the event loop, before Netty drops
 * {@code EPOLLRDHUP}), add {@code EPOLLET} to the interest set. The set then never becomes empty, and
 * edge-triggered {@code EPOLLOUT} is what Netty's write path expects anyway. With another Netty (no
 * such method) it does nothing.
 */
final class EpollHalfClosure {
    private static final Logger LOG = LoggerFactory.getLogger(EpollHalfClosure.class);
    private static final Method SET_FLAG;
    private static final int EPOLLET;

    static {
        Method setFlag = null;
        int et = 0;
        try {
            Class<?> channel = Class.forName("io.netty.channel.epoll.AbstractEpollChannel");
            setFlag = channel.getDeclaredMethod("setFlag", int.class);
            setFlag.setAccessible(true);
            Class<?> ops = Class.forName("io.netty.channel.epoll.EpollIoOps");
            et = (int) ops.getMethod("value").invoke(ops.getField("EPOLLET").get(null));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("epoll half-closure workaround unavailable: {}", e.toString());
            setFlag = null;
        }
        SET_FLAG = setFlag;
        EPOLLET = et;
    }

    private EpollHalfClosure() {}

    /** Call on the event loop when the channel's input has just shut down. */
    static void inputShutdown(Channel channel) {
        if (SET_FLAG == null || EPOLLET == 0 || !SET_FLAG.getDeclaringClass().isInstance(channel)
                || !channel.isOpen()) {
            return;
        }
        try {
            SET_FLAG.invoke(channel, EPOLLET);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot keep the epoll registration of {}", channel, e);
        }
    }
}
